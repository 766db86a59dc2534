package dev.cordon.runtime.internal.manager;

import dev.cordon.api.model.PluginMeta;
import dev.cordon.manifest.Manifest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin found in a manifest folder.
 *
 * @param meta its metadata, with the drift the host has seen
 * @param manifest the manifest as read
 * @param file the manifest file
 * @param fromDeploy whether it came from the live deploy folder
 */
public record DiscoveredPlugin(PluginMeta meta, Manifest manifest, Path file, boolean fromDeploy) {

    /** Requires all. */
    public DiscoveredPlugin {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(file, "file");
    }

    /** The plugin's name. */
    public String name() {
        return meta.name();
    }
}
