package dev.cordon.api.plugin;

import java.util.Map;
import java.util.Objects;

/**
 * One live option for a dynamic config field.
 *
 * @param value the option's value, a JSON value (for example {@code "gemini-2.5-flash"})
 * @param label its display label
 * @param metadata extra facts (token limits, descriptions), JSON values
 */
public record ConfigOption(Object value, String label, Map<String, Object> metadata) {

    /** Copies the metadata; {@code null} reads as empty. */
    public ConfigOption {
        Objects.requireNonNull(label, "label");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
