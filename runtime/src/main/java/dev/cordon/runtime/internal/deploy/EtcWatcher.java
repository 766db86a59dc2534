package dev.cordon.runtime.internal.deploy;

import java.io.IOException;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
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
 */
@Component(immediate = true)
public final class EtcWatcher {

    static final String FILEINSTALL_FACTORY = "org.apache.felix.fileinstall";
    private static final Logger LOG = LoggerFactory.getLogger(EtcWatcher.class);

    @Activate
    public EtcWatcher(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
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
        config.updateIfDifferent(props);
    }
}
