package dev.cordon.installer;

import dev.cordon.manifest.Manifest;

/**
 * Installs one kind of plugin package (a Python package into a virtual environment, Maven coordinates, a plugin
 * archive) into a plugin's environment folder and introspects it into a manifest.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} ({@code META-INF/services}); each must have a
 * public no-argument constructor. The {@link PluginInstaller} calls {@link #handles} on each in turn and uses the
 * first that accepts the request.
 */
public interface PluginPackageInstaller {

    /** A short name for messages and {@code --json} output, for example {@code python}. */
    String kind();

    /** Whether this installer installs the request's package. */
    boolean handles(InstallRequest request);

    /**
     * Installs the request's package into {@code environment.envDir()}, which exists and is empty, and returns the
     * manifest to write to {@code environment.manifestFile()}: its code section from introspecting the installed
     * plugin, its schema hash computed as the manifest module does, and its install section pointing at the
     * environment.
     *
     * @throws InstallFailedException when a step fails; the message names the step and what to do
     * @throws dev.cordon.api.error.PluginInputError when the request cannot be installed as given
     */
    Manifest install(InstallRequest request, PluginEnvironment environment, InstallContext context);

    /**
     * Introspects an installed plugin again and returns its manifest with a fresh code section and schema hash; the
     * install section and the overrides are kept.
     *
     * @throws InstallFailedException when introspection fails
     */
    Manifest regenerate(Manifest current, PluginEnvironment environment, InstallContext context);
}
