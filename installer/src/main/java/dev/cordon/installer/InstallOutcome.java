package dev.cordon.installer;

import dev.cordon.manifest.Manifest;

/**
 * What an install did.
 *
 * @param environment where the plugin is installed
 * @param status whether anything changed
 * @param manifest the manifest now in {@code environment.manifestFile()}
 * @param installer the {@link PluginPackageInstaller#kind()} that installed it
 */
public record InstallOutcome(PluginEnvironment environment, Status status, Manifest manifest, String installer) {

    /** Whether anything changed. */
    public enum Status {
        /** The plugin was not installed before. */
        INSTALLED,
        /** The plugin was installed from something else before, or {@code --force} asked for a rebuild. */
        REINSTALLED,
        /** The same request was installed already; nothing was done. */
        UNCHANGED
    }
}
