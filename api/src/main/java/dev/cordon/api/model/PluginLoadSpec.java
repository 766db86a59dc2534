package dev.cordon.api.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to load one plugin instance.
 *
 * @param pluginName the discovered plugin to load
 * @param manifest the manifest file it was discovered from
 * @param instanceId an explicit instance id; empty means the plugin's name, or a generated
 *     {@code <name>-<6 hex>} when {@code newInstance} is set
 * @param newInstance whether to create an additional instance under a generated id
 * @param config the initial config; empty means stored config (default instance only) over schema defaults
 */
public record PluginLoadSpec(
        String pluginName,
        Path manifest,
        Optional<String> instanceId,
        boolean newInstance,
        Optional<Map<String, Object>> config) {

    /** Requires the name and manifest path. */
    public PluginLoadSpec {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(manifest, "manifest");
        instanceId = Objects.requireNonNullElse(instanceId, Optional.empty());
        config = Objects.requireNonNullElse(config, Optional.empty());
    }

    /** The default instance of a plugin with its stored or default config. */
    public static PluginLoadSpec of(String pluginName, Path manifest) {
        return new PluginLoadSpec(pluginName, manifest, Optional.empty(), false, Optional.empty());
    }
}
