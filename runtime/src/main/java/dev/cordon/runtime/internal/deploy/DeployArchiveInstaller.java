package dev.cordon.runtime.internal.deploy;

import dev.cordon.manifest.archive.PluginArchiveException;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginOperations;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot deploy of plugin archives: a {@code *.zip} dropped into the deploy folder is verified, unpacked into
 * {@code <data>/envs/<name>/} and its plugin registered with the plugin manager; replacing it redeploys, deleting
 * it unloads the plugin's instances and removes the environment. A bad archive is refused, with the reason in the
 * log and among the skipped files of {@code cordon:plugins}; nothing else changes.
 */
@Component(service = ArtifactInstaller.class)
public final class DeployArchiveInstaller implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(DeployArchiveInstaller.class);

    private final PluginOperations host;
    private final DeployedArchives archives;
    private final Path deployDir;

    @Activate
    public DeployArchiveInstaller(BundleContext context, @Reference PluginOperations host) {
        this.host = host;
        ManagerSettings settings = ManagerSettings.from(context::getProperty);
        this.deployDir = settings.deployDir().toAbsolutePath().normalize();
        this.archives = new DeployedArchives(ManagerSettings.dataDir(context::getProperty));
        sweepOrphans();
    }

    @Override
    public boolean canHandle(File artifact) {
        Path f = artifact.toPath().toAbsolutePath().normalize();
        return deployDir.equals(f.getParent())
                && f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    @Override
    public void install(File artifact) {
        deploy(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        deploy(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        Path archive = artifact.toPath();
        host.archiveCleared(archive);
        archives.deployedFrom(archive).ifPresent(d -> {
            host.undeployed(d.manifestFile());
            try {
                archives.remove(d);
                LOG.info("Removed plugin {}: its archive {} left the deploy folder", d.pluginName(), archive);
            } catch (IOException e) {
                LOG.warn("Plugin {} is unloaded but its environment could not be deleted: {}", d.pluginName(), e);
            }
        });
    }

    private void deploy(Path archive) {
        try {
            boolean redeploy = archives.deployedFrom(archive).isPresent();
            DeployedArchives.Deployment d = archives.deploy(archive);
            host.archiveCleared(archive);
            if (redeploy && d.unpacked()) {
                // New jars: instances of the old ones are unloaded, so the next call starts a worker on the new.
                host.undeployed(d.manifestFile());
            }
            host.deployed(d.manifestFile());
            LOG.info(
                    "Deployed plugin {} from {}{}",
                    d.pluginName(),
                    archive,
                    d.unpacked() ? "" : " (unchanged since it was unpacked)");
        } catch (PluginArchiveException e) {
            LOG.error("{}", e.getMessage());
            host.archiveRefused(archive, e.reason());
        } catch (IOException | RuntimeException e) {
            LOG.error("Plugin archive {} could not be deployed: {}", archive, e.toString());
            host.archiveRefused(archive, "could not be deployed: " + e);
        }
    }

    /** Environments of archives deleted while Cordon was down go at start: an archive's plugin lives as it does. */
    private void sweepOrphans() {
        for (Path env : archives.orphans()) {
            try {
                archives.remove(
                        new DeployedArchives.Deployment(env.getFileName().toString(), env, false));
                LOG.info("Removed {}: the plugin archive it was deployed from is gone", env);
            } catch (IOException e) {
                LOG.warn("Cannot remove {}, whose plugin archive is gone: {}", env, e.toString());
            }
        }
    }
}
