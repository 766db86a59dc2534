package dev.cordon.installer;

/**
 * What a {@link PluginPackageInstaller} is given besides the request: the settings and where to report progress.
 *
 * @param settings the home, layout and properties
 * @param progress where steps and transfers are reported
 */
public record InstallContext(InstallSettings settings, InstallProgress progress) {}
