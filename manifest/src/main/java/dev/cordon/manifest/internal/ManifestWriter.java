package dev.cordon.manifest.internal;

import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.plugin.EnvVarSpec;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestCode;
import dev.cordon.manifest.ManifestInstall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lays a {@link Manifest} out as the original's v2.0 tree, section and key order included. */
public final class ManifestWriter {

    private ManifestWriter() {}

    /** The v2.0 tree of {@code manifest}, whatever version it was read as. */
    public static Map<String, Object> tree(Manifest manifest) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", Manifest.CURRENT_VERSION);
        root.put("install", install(manifest.install()));
        root.put("code", code(manifest.code()));
        Map<String, Object> drift = new LinkedHashMap<>();
        drift.put("config_schema_hash", manifest.configSchemaHash());
        root.put("drift_tracking", drift);
        root.put("overrides", manifest.overrides());
        return root;
    }

    private static Map<String, Object> install(ManifestInstall install) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("python_path", install.pythonPath());
        m.put("conda_env", install.condaEnv());
        m.put("db_path", install.dbPath());
        m.put("env_vars", install.envVars());
        m.put("installed_at", install.installedAt());
        m.put("installer_version", install.installerVersion());
        m.put("package_source", install.packageSource());
        putIfPresent(
                m,
                "runtime",
                install.runtime() == null ? null : install.runtime().wire());
        putIfPresent(m, "java_path", install.javaPath());
        putIfPresent(m, "env_dir", install.envDir());
        putIfPresent(m, "jvm_args", install.jvmArgs());
        putIfPresent(m, "classpath", install.classpath());
        putIfPresent(m, "module_path", install.modulePath());
        putIfPresent(m, "inherit_env", install.inheritEnv());
        return m;
    }

    /** The {@code code} section as a plain JSON map. */
    public static Map<String, Object> codeSection(ManifestCode code) {
        return code(code);
    }

    private static Map<String, Object> code(ManifestCode code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", code.name());
        m.put("version", code.version());
        m.put("description", code.description());
        m.put("module", code.module());
        m.put("class", code.className());
        m.put("interface", code.interfaceName());
        if (code.taxonomy() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("domain", code.taxonomy().domain());
            t.put("role", code.taxonomy().role());
            t.put("interface_fqcn", code.taxonomy().interfaceFqcn());
            m.put("taxonomy", t);
        }
        if (code.resources() != null) {
            m.put("resources", resources(code.resources()));
        }
        putIfPresent(m, "config_schema", code.configSchema());
        if (code.workerEnv() != null) {
            List<Object> specs = new ArrayList<>();
            for (EnvVarSpec spec : code.workerEnv()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", spec.name());
                s.put("secret", spec.secret());
                s.put("required", spec.required());
                s.put("label", spec.label());
                s.put("description", spec.description());
                s.put("default", spec.defaultValue());
                s.put("options", spec.options());
                specs.add(s);
            }
            m.put("worker_env", specs);
        }
        putIfPresent(m, "regenerated_at", code.regeneratedAt());
        return m;
    }

    private static Map<String, Object> resources(ResourceRequirements r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requires_gpu", r.requiresGpu());
        m.put("platforms", r.platforms());
        m.put("accelerators", r.accelerators());
        r.minSystemRamMb().ifPresent(v -> m.put("min_system_ram_mb", v));
        r.minGpuVramMb().ifPresent(v -> m.put("min_gpu_vram_mb", v));
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
