package dev.cordon.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes FileInstall watch {@code etc/} for {@code *.cfg} and {@code *.config} files, beside the {@code deploy/}
 * folder it watches from the framework properties, so component configurations there apply live.
 *
 * <p>ConfigAdmin's store outlives a restart, so a configuration FileInstall made from a file that was deleted
 * while Cordon was down is deleted here at activation: a file's configuration lives exactly as long as the file.
 */
@Component(immediate = true)
public final class EtcWatcher {

    static final String FILEINSTALL_FACTORY = "org.apache.felix.fileinstall";
    static final String FILENAME = "felix.fileinstall.filename";
    private static final Logger LOG = LoggerFactory.getLogger(EtcWatcher.class);

    @Activate
    public EtcWatcher(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        deleteOrphans(configAdmin);
        String etc = context.getProperty("cordon.etc");
        if (etc == null) {
            LOG.info("No cordon.etc framework property: etc/ is not watched");
            return;
        }
        Configuration config = configAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY, "etc", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("felix.fileinstall.dir", etc);
        props.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        props.put("felix.fileinstall.poll", "500");
        props.put("felix.fileinstall.noInitialDelay", "true");
        // A watcher made from a configuration does not read the framework's work folder setting; without one of
        // its own it makes a new /tmp/fileinstall-* at each start, left behind when the host is killed.
        String work = context.getProperty("felix.fileinstall.tmpdir");
        if (work != null) {
            props.put("felix.fileinstall.tmpdir", work + "-etc");
        }
        config.updateIfDifferent(props);
    }

    private static void deleteOrphans(ConfigurationAdmin configAdmin) throws IOException {
        Configuration[] fromFiles;
        try {
            fromFiles = configAdmin.listConfigurations("(" + FILENAME + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("Bad filter for " + FILENAME, e);
        }
        for (Configuration config : fromFiles == null ? new Configuration[0] : fromFiles) {
            Object name = config.getProperties() == null
                    ? null
                    : config.getProperties().get(FILENAME);
            Path file = ConfigurationFiles.fileOf(name).orElse(null);
            if (file != null && !Files.exists(file)) {
                LOG.info("Deleting configuration {}: its file {} no longer exists", config.getPid(), file);
                config.delete();
            }
        }
    }
}
