package dev.cordon.installer;

import dev.cordon.manifest.Manifest;

/**
 * A plugin found in the manifests folder.
 *
 * @param environment its folders
 * @param manifest its manifest, or {@code null} when it cannot be read
 * @param problem why the manifest cannot be read, or {@code null}
 * @param installer the {@link PluginPackageInstaller#kind()} that installed it, or {@code null} when it was not
 *     installed by {@code cordon install} (a hand-written manifest)
 */
public record InstalledPlugin(PluginEnvironment environment, Manifest manifest, String problem, String installer) {}
