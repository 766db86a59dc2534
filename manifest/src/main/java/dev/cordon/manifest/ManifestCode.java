package dev.cordon.manifest;

import dev.cordon.api.model.PluginTaxonomy;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.plugin.EnvVarSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The manifest's {@code code} section: what the plugin's code declares. Required strings are never {@code null}
 * (missing reads as {@code ""}, which validation reports); the optional parts are {@code null} when absent and then
 * not written.
 *
 * <p>{@code resources} keeps {@code min_system_ram_mb} and {@code min_gpu_vram_mb} when declared (the original
 * dropped them).
 *
 * @param name the plugin's unique name
 * @param version its version
 * @param description a short description
 * @param module the Python module, or the JPMS module of a java plugin
 * @param className {@code class}: the plugin class (fully qualified for java)
 * @param interfaceName {@code interface}: the dotted name of the interface it implements
 * @param taxonomy its classification, or {@code null}
 * @param resources what it needs, or {@code null}
 * @param configSchema its config JSON Schema, or {@code null}
 * @param workerEnv its worker environment contract, or {@code null}
 * @param regeneratedAt when the section was last regenerated (ISO-8601 text), or {@code null}
 */
public record ManifestCode(
        String name,
        String version,
        String description,
        String module,
        String className,
        String interfaceName,
        PluginTaxonomy taxonomy,
        ResourceRequirements resources,
        Map<String, Object> configSchema,
        List<EnvVarSpec> workerEnv,
        String regeneratedAt) {

    /** {@code null} required strings read as {@code ""}; the list is copied. */
    public ManifestCode {
        name = Objects.requireNonNullElse(name, "");
        version = Objects.requireNonNullElse(version, "");
        description = Objects.requireNonNullElse(description, "");
        module = Objects.requireNonNullElse(module, "");
        className = Objects.requireNonNullElse(className, "");
        interfaceName = Objects.requireNonNullElse(interfaceName, "");
        configSchema = configSchema == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(configSchema));
        workerEnv = workerEnv == null ? null : List.copyOf(workerEnv);
    }
}
