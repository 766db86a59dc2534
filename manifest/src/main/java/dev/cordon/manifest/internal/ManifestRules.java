package dev.cordon.manifest.internal;

import dev.cordon.api.model.PluginTaxonomy;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.api.plugin.EnvVarSpec;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestCode;
import dev.cordon.manifest.ManifestInstall;
import dev.cordon.protocol.json.PlainJson;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The semantic rules a readable manifest must also satisfy: the original's {@code validate} rules and Cordon's. */
public final class ManifestRules {

    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    private ManifestRules() {}

    /** Records every rule the manifest breaks. */
    public static void check(Manifest manifest, Problems problems) {
        boolean flat = Manifest.LEGACY_VERSION.equals(manifest.formatVersion());
        String code = flat ? "$" : "$.code";
        String install = flat ? "$" : "$.install";
        checkCode(manifest.code(), manifest.install().effectiveRuntime(), code, problems);
        checkInstall(manifest.install(), install, problems);
        String hash = manifest.configSchemaHash();
        if (hash != null && !HASH.matcher(hash).matches()) {
            problems.add(
                    "$.drift_tracking.config_schema_hash",
                    "'" + hash + "' is not sha256:<64 lowercase hex digits>; regenerate the manifest");
        }
    }

    private static void checkCode(ManifestCode code, RuntimeKind runtime, String path, Problems problems) {
        required(code.name(), path + ".name", problems);
        required(code.version(), path + ".version", problems);
        required(code.description(), path + ".description", problems);
        if (runtime != RuntimeKind.JAVA) {
            required(code.module(), path + ".module", problems);
        }
        required(code.className(), path + ".class", problems);
        if (required(code.interfaceName(), path + ".interface", problems)
                && !DOTTED.matcher(code.interfaceName()).matches()) {
            problems.add(
                    path + ".interface",
                    "'" + code.interfaceName() + "' must be a dotted path such as package.module.ClassName");
        }
        if (runtime == RuntimeKind.JAVA
                && !code.className().isEmpty()
                && !DOTTED.matcher(code.className()).matches()) {
            problems.add(path + ".class", "'" + code.className() + "' must be a fully qualified Java class name");
        }
        PluginTaxonomy taxonomy = code.taxonomy();
        if (taxonomy != null) {
            required(taxonomy.domain(), path + ".taxonomy.domain", problems);
            required(taxonomy.role(), path + ".taxonomy.role", problems);
            if (required(taxonomy.interfaceFqcn(), path + ".taxonomy.interface_fqcn", problems)
                    && !taxonomy.interfaceFqcn().equals(code.interfaceName())) {
                problems.add(
                        path + ".taxonomy.interface_fqcn",
                        "'" + taxonomy.interfaceFqcn() + "' must equal code.interface '" + code.interfaceName() + "'");
            }
        }
        if (code.configSchema() != null) {
            checkSchema(code.configSchema(), path + ".config_schema", problems);
        }
        if (code.workerEnv() != null) {
            checkWorkerEnv(code.workerEnv(), path + ".worker_env", problems);
        }
    }

    private static void checkSchema(Map<String, Object> schema, String path, Problems problems) {
        SchemaKeywords.check(schema, path, problems);
        Object type = schema.get("type");
        if ((type instanceof String || type instanceof List) && !"object".equals(type)) {
            problems.add(path + ".type", "must be \"object\", got " + PlainJson.compact(type));
        }
    }

    private static void checkWorkerEnv(List<EnvVarSpec> specs, String path, Problems problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String name = specs.get(i).name();
            if (!ENV_NAME.matcher(name).matches()) {
                problems.add(
                        path + "[" + i + "].name",
                        "'" + name
                                + "' is not an environment variable name (letters, digits, '_', not starting with a digit)");
            }
            if (!seen.add(name)) {
                problems.add(path + "[" + i + "].name", "'" + name + "' is declared more than once");
            }
        }
    }

    private static void checkInstall(ManifestInstall install, String path, Problems problems) {
        RuntimeKind runtime = install.effectiveRuntime();
        if (runtime == RuntimeKind.JAVA) {
            if (isEmpty(install.classpath())
                    && isEmpty(install.modulePath())
                    && (install.envDir() == null || install.envDir().isEmpty())) {
                problems.add(
                        path + ".classpath", "a java plugin needs its jars: set classpath, module_path or env_dir");
            }
        } else {
            required(install.pythonPath(), path + ".python_path", problems);
            javaOnly(install.javaPath() != null, path + ".java_path", runtime, problems);
            javaOnly(install.jvmArgs() != null, path + ".jvm_args", runtime, problems);
            javaOnly(install.classpath() != null, path + ".classpath", runtime, problems);
            javaOnly(install.modulePath() != null, path + ".module_path", runtime, problems);
        }
        install.envVars().keySet().forEach(name -> {
            if (!ENV_NAME.matcher(name).matches()) {
                problems.add(path + ".env_vars." + name, "'" + name + "' is not an environment variable name");
            }
        });
    }

    private static void javaOnly(boolean present, String path, RuntimeKind runtime, Problems problems) {
        if (present) {
            problems.add(
                    path,
                    "applies only to runtime java, but the runtime is " + runtime.wire()
                            + "; remove it or set install.runtime to java");
        }
    }

    private static boolean required(String value, String path, Problems problems) {
        if (value == null || value.isEmpty()) {
            problems.add(path, "is required and must not be empty");
            return false;
        }
        return true;
    }

    private static boolean isEmpty(List<String> list) {
        return list == null || list.isEmpty();
    }
}
