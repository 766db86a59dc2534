package dev.cordon.api.plugin;

import java.util.List;
import java.util.Map;

/**
 * The live option domain of one dynamic config field, merged by user interfaces over the static schema and never
 * hashed.
 *
 * @param options the currently valid options
 * @param constraints derived constraint overrides for the field (for example {@code maximum}), JSON values
 */
public record FieldOptions(List<ConfigOption> options, Map<String, Object> constraints) {

    /** Copies both; {@code null} reads as empty. */
    public FieldOptions {
        options = options == null ? List.of() : List.copyOf(options);
        constraints = constraints == null ? Map.of() : Map.copyOf(constraints);
    }
}
