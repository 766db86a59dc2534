package dev.cordon.runtime.internal.manager;

import java.io.File;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Lets FileInstall hand manifests ({@code *.json}) of the deploy folder to the plugin manager: a new or changed
 * manifest is discovered at once, and a removed one unloads its plugin's instances and forgets the plugin. Only
 * active where FileInstall runs; without it, {@link PluginOperations#discover()} still reads the deploy folder.
 */
@Component(service = ArtifactInstaller.class)
public final class DeployManifestInstaller implements ArtifactInstaller {

    private final PluginOperations host;

    @Activate
    public DeployManifestInstaller(@Reference PluginOperations host) {
        this.host = host;
    }

    @Override
    public boolean canHandle(File artifact) {
        return host.isDeployManifest(artifact.toPath());
    }

    @Override
    public void install(File artifact) {
        host.deployed(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        host.deployed(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        host.undeployed(artifact.toPath());
    }
}
