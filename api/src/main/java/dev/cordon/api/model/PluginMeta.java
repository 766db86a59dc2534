package dev.cordon.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A discovered plugin, as its manifest describes it, plus the host's view of its schema drift.
 *
 * @param name the plugin's unique name
 * @param version its version
 * @param description a short description, may be empty
 * @param category a display label derived from the taxonomy's domain, may be empty
 * @param interfaceName the fully qualified interface name ({@code code.interface})
 * @param runtime the kind of worker that runs it
 * @param taxonomy its classification, when the manifest has one
 * @param resources what it needs to run
 * @param configSchema the config JSON Schema from the manifest, empty when none
 * @param configSchemaDrift whether the worker reported a schema whose hash differs from the manifest's
 * @param liveConfigSchema the worker's schema when it drifted
 */
public record PluginMeta(
        String name,
        String version,
        String description,
        String category,
        String interfaceName,
        RuntimeKind runtime,
        Optional<PluginTaxonomy> taxonomy,
        ResourceRequirements resources,
        Map<String, Object> configSchema,
        boolean configSchemaDrift,
        Optional<Map<String, Object>> liveConfigSchema) {

    /** Requires name, version and runtime; {@code null} strings, maps and optionals read as empty. */
    public PluginMeta {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runtime, "runtime");
        description = Objects.requireNonNullElse(description, "");
        category = Objects.requireNonNullElse(category, "");
        interfaceName = Objects.requireNonNullElse(interfaceName, "");
        taxonomy = Objects.requireNonNullElse(taxonomy, Optional.empty());
        resources = Objects.requireNonNullElse(resources, ResourceRequirements.NONE);
        configSchema = configSchema == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(configSchema));
        liveConfigSchema = Objects.requireNonNullElse(liveConfigSchema, Optional.empty());
    }
}
