package dev.cordon.installer.internal;

import dev.cordon.installer.InstallFailedException;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestException;
import dev.cordon.manifest.Manifests;
import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.protocol.json.PlainJson;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a v2 manifest from an install section and an introspected code section, with the schema hash computed as
 * the runtime's drift check computes it ({@link CanonicalJson#hashOf} of {@code code.config_schema}), and reads it
 * back through the manifest module, so an installer never writes a manifest the runtime would refuse.
 */
public final class ManifestAssembly {

    private ManifestAssembly() {}

    /**
     * The manifest of a fresh install.
     *
     * @param install the install section in wire form (without {@code installed_at} and {@code installer_version},
     *     which are added)
     * @param code the code section in wire form, as introspection printed it
     * @throws InstallFailedException naming every problem when the result is not a valid manifest
     */
    public static Manifest assemble(String plugin, Map<String, Object> install, Map<String, Object> code) {
        Map<String, Object> in = new LinkedHashMap<>(install);
        in.putIfAbsent(
                "installed_at",
                OffsetDateTime.now(ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        in.putIfAbsent("installer_version", "cordon " + version());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format_version", Manifest.CURRENT_VERSION);
        m.put("install", in);
        m.put("code", code);
        m.put("drift_tracking", Map.of("config_schema_hash", CanonicalJson.hashOf(code.get("config_schema"))));
        m.put("overrides", Map.of());
        return read(plugin, m);
    }

    /** {@code current} with a fresh code section and schema hash; its install section and overrides kept. */
    @SuppressWarnings("unchecked")
    public static Manifest withCode(String plugin, Manifest current, Map<String, Object> code) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) PlainJson.parse(Manifests.write(current)));
        Map<String, Object> fresh = new LinkedHashMap<>(code);
        fresh.put(
                "regenerated_at",
                OffsetDateTime.now(ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        m.put("code", fresh);
        m.put("drift_tracking", Map.of("config_schema_hash", CanonicalJson.hashOf(code.get("config_schema"))));
        return read(plugin, m);
    }

    private static Manifest read(String plugin, Map<String, Object> m) {
        try {
            return Manifests.readValid(PlainJson.compact(m), plugin + ".json");
        } catch (ManifestException e) {
            throw new InstallFailedException(
                    plugin,
                    "Introspecting '" + plugin + "' produced a manifest the runtime would refuse: " + e.getMessage()
                            + "; fix the plugin's class attributes",
                    e);
        }
    }

    /** The version of Cordon that installs, from this jar's manifest. */
    public static String version() {
        String v = ManifestAssembly.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
