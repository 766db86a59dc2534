package dev.cordon.installer;

import java.nio.file.Path;

/**
 * Where one plugin is installed.
 *
 * @param name the plugin's name
 * @param envDir its environment folder, {@code data/envs/<name>/}
 * @param manifestFile its manifest, {@code data/manifests/<name>.json}
 */
public record PluginEnvironment(String name, Path envDir, Path manifestFile) {}
