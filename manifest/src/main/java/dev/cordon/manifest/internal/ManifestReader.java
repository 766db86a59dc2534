package dev.cordon.manifest.internal;

import dev.cordon.api.model.PluginTaxonomy;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.api.plugin.EnvVarSpec;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestCode;
import dev.cordon.manifest.ManifestInstall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Turns a parsed manifest tree (v2.0 nested or v1.0 flat) into a {@link Manifest}, recording type problems. */
public final class ManifestReader {

    private final Problems problems;

    /** A reader recording into {@code problems}. */
    public ManifestReader(Problems problems) {
        this.problems = problems;
    }

    /** Reads a v2.0 tree; {@code null} (with problems recorded) when a section is unusable. */
    public Manifest readV2(Map<String, Object> root) {
        Map<String, Object> install = problems.object(root, "install", "$");
        Map<String, Object> code = problems.object(root, "code", "$");
        Map<String, Object> drift = problems.object(root, "drift_tracking", "$");
        Map<String, Object> overrides = problems.object(root, "overrides", "$");
        if (install == null && !root.containsKey("install")) {
            problems.add("$.install", "is required");
        }
        if (code == null && !root.containsKey("code")) {
            problems.add("$.code", "is required");
        }
        String hash = drift == null ? null : problems.string(drift, "config_schema_hash", "$.drift_tracking");
        return new Manifest(
                Manifest.CURRENT_VERSION,
                install(install == null ? Map.of() : install, "$.install"),
                code(code == null ? Map.of() : code, "$.code"),
                hash,
                overrides);
    }

    /** Reads a v1.0 flat tree, whose install and code keys share one object. */
    public Manifest readV1(Map<String, Object> root) {
        return new Manifest(Manifest.LEGACY_VERSION, install(root, "$"), code(root, "$"), null, null);
    }

    private ManifestInstall install(Map<String, Object> m, String path) {
        String runtimeText = problems.string(m, "runtime", path);
        RuntimeKind runtime = null;
        if (runtimeText != null) {
            try {
                runtime = RuntimeKind.fromWire(runtimeText);
            } catch (IllegalArgumentException e) {
                problems.add(path + ".runtime", e.getMessage());
            }
        }
        return new ManifestInstall(
                problems.string(m, "python_path", path),
                problems.string(m, "conda_env", path),
                problems.string(m, "db_path", path),
                problems.stringMap(m, "env_vars", path),
                problems.string(m, "installed_at", path),
                problems.string(m, "installer_version", path),
                problems.string(m, "package_source", path),
                runtime,
                problems.string(m, "java_path", path),
                problems.string(m, "env_dir", path),
                problems.strings(m, "jvm_args", path),
                problems.strings(m, "classpath", path),
                problems.strings(m, "module_path", path),
                problems.bool(m, "inherit_env", path));
    }

    private ManifestCode code(Map<String, Object> m, String path) {
        Map<String, Object> schema = problems.object(m, "config_schema", path);
        return new ManifestCode(
                problems.string(m, "name", path),
                problems.string(m, "version", path),
                problems.string(m, "description", path),
                problems.string(m, "module", path),
                problems.string(m, "class", path),
                problems.string(m, "interface", path),
                taxonomy(problems.object(m, "taxonomy", path), path + ".taxonomy"),
                resources(problems.object(m, "resources", path), path + ".resources"),
                schema,
                workerEnv(m.get("worker_env"), path + ".worker_env"),
                problems.string(m, "regenerated_at", path));
    }

    private PluginTaxonomy taxonomy(Map<String, Object> m, String path) {
        if (m == null) {
            return null;
        }
        return new PluginTaxonomy(
                orEmpty(problems.string(m, "domain", path)),
                orEmpty(problems.string(m, "role", path)),
                orEmpty(problems.string(m, "interface_fqcn", path)));
    }

    private ResourceRequirements resources(Map<String, Object> m, String path) {
        if (m == null) {
            return null;
        }
        Boolean gpu = problems.bool(m, "requires_gpu", path);
        Long ram = problems.count(m, "min_system_ram_mb", path);
        Long vram = problems.count(m, "min_gpu_vram_mb", path);
        return new ResourceRequirements(
                gpu != null && gpu,
                problems.strings(m, "platforms", path),
                problems.strings(m, "accelerators", path),
                ram == null ? OptionalLong.empty() : OptionalLong.of(ram),
                vram == null ? OptionalLong.empty() : OptionalLong.of(vram));
    }

    @SuppressWarnings("unchecked")
    private List<EnvVarSpec> workerEnv(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            problems.add(path, "must be a list of objects, got " + Problems.typeOf(value));
            return null;
        }
        List<EnvVarSpec> specs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(list.get(i) instanceof Map)) {
                problems.add(at, "must be an object, got " + Problems.typeOf(list.get(i)));
                continue;
            }
            Map<String, Object> m = (Map<String, Object>) list.get(i);
            String name = problems.string(m, "name", at);
            Boolean secret = problems.bool(m, "secret", at);
            Boolean required = problems.bool(m, "required", at);
            String label = problems.string(m, "label", at);
            String description = problems.string(m, "description", at);
            String defaultValue = problems.string(m, "default", at);
            List<String> options = problems.strings(m, "options", at);
            if (name == null || name.isEmpty()) {
                problems.add(at + ".name", "is required and must not be empty");
            } else if (Boolean.TRUE.equals(secret) && defaultValue != null) {
                problems.add(
                        at + ".default",
                        "a secret variable must not declare a default (a baked-in secret is"
                                + " a leak); remove it and store the value with the secrets command");
            } else {
                specs.add(new EnvVarSpec(
                        name,
                        Boolean.TRUE.equals(secret),
                        Boolean.TRUE.equals(required),
                        label,
                        description,
                        defaultValue,
                        options));
            }
        }
        return specs;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
