package dev.cordon.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The persisted state of one plugin: its configuration as a JSON object text, whether the host accepts
 * work for it, and when it was last written (stamped by the store, millisecond precision).
 *
 * @param pluginName the plugin the record belongs to
 * @param configJson the configuration as JSON object text, kept by the store exactly as given
 * @param enabled    whether the host should accept jobs for the plugin
 * @param updatedAt  when the store last wrote the record
 */
public record PluginConfigRecord(String pluginName, String configJson, boolean enabled, Instant updatedAt) {

    public PluginConfigRecord {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
