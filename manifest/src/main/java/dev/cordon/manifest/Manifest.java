package dev.cordon.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A plugin manifest: how the plugin is installed, what its code declares, the schema hash recorded at install, and
 * operator overrides. Written in the original's v2.0 layout by {@link Manifests#write}.
 *
 * @param formatVersion the version the manifest was read as: {@code 2.0}, or {@code 1.0} for a legacy flat file
 *     (written back as 2.0)
 * @param install the {@code install} section
 * @param code the {@code code} section
 * @param configSchemaHash {@code drift_tracking.config_schema_hash}, {@code sha256:<hex>}, or {@code null}
 * @param overrides the {@code overrides} section, plain JSON values
 */
public record Manifest(
        String formatVersion,
        ManifestInstall install,
        ManifestCode code,
        String configSchemaHash,
        Map<String, Object> overrides) {

    /** The version every manifest is written as. */
    public static final String CURRENT_VERSION = "2.0";
    /** The legacy flat layout, read only. */
    public static final String LEGACY_VERSION = "1.0";

    /** Requires the sections; {@code null} overrides read as empty. */
    public Manifest {
        Objects.requireNonNull(formatVersion, "formatVersion");
        Objects.requireNonNull(install, "install");
        Objects.requireNonNull(code, "code");
        overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
}
