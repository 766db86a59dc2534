package dev.cordon.manifest;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.internal.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates {@code plugins.yaml}: a top-level {@code plugins:} list of {@link PluginsFileEntry}. Every
 * problem is reported with its JSON-style path ({@code $.plugins[2].env_name}): missing or wrongly typed keys,
 * duplicate names, keys that do not apply to the entry's runtime, and unknown keys (a typo must not install the
 * wrong thing). YAML is loaded with SnakeYAML's safe constructor: no custom types, duplicate keys refused, aliases,
 * nesting and size bounded.
 */
public final class PluginsFile {

    private static final Set<String> COMMON = Set.of("name", "runtime", "env_vars");
    private static final Set<String> CJM_KEYS =
            Set.of("env_name", "package", "env_file", "python_version", "interface_libs");
    private static final Set<String> PYTHON_KEYS = Set.of(
            "env_name",
            "package",
            "env_file",
            "python_version",
            "interface_libs",
            "python",
            "entry_point",
            "system_site_packages");
    private static final Set<String> JAVA_KEYS = Set.of("package", "artifacts", "jvm_args", "java");
    private static final Pattern ENTRY_POINT =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,2}");
    private static final Pattern COORDINATES = Pattern.compile("[^:\\s]+:[^:\\s]+(:[^:\\s]+)?:[^:\\s]+");
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private PluginsFile() {}

    /**
     * The entries of a plugins file.
     *
     * @param source the file name used in errors
     * @throws ManifestException listing every problem with its path
     */
    public static List<PluginsFileEntry> read(String yaml, String source) {
        Problems problems = new Problems();
        List<PluginsFileEntry> entries = parse(yaml, problems);
        if (!problems.isEmpty()) {
            throw new ManifestException(source, problems.list());
        }
        return entries;
    }

    /** Every problem of a plugins file; empty when valid. Never throws. */
    public static List<ManifestProblem> check(String yaml) {
        Problems problems = new Problems();
        parse(yaml, problems);
        return problems.list();
    }

    @SuppressWarnings("unchecked")
    private static List<PluginsFileEntry> parse(String yaml, Problems problems) {
        Object root = load(yaml, problems);
        List<PluginsFileEntry> entries = new ArrayList<>();
        if (!problems.isEmpty()) {
            return entries;
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("plugins") instanceof List<?> list)) {
            problems.add("$.plugins", "is required: a list of plugin entries under a top-level 'plugins:' key");
            return entries;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "$.plugins[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problems.add(path, "must be a mapping, got " + Problems.typeOf(list.get(i)));
                continue;
            }
            PluginsFileEntry entry = entry((Map<String, Object>) m, path, problems);
            if (entry != null && !names.add(entry.name())) {
                problems.add(path + ".name", "'" + entry.name() + "' is listed more than once; names must be unique");
            }
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static Object load(String yaml, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        options.setCodePointLimit(MAX_CODE_POINTS);
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml == null ? "" : yaml);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            problems.add(
                    "$",
                    "not valid YAML"
                            + (mark == null
                                    ? ""
                                    : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
                            + ": " + e.getProblem());
        } catch (YAMLException e) {
            problems.add("$", "not valid YAML: " + e.getMessage());
        }
        return null;
    }

    private static PluginsFileEntry entry(Map<String, Object> m, String path, Problems problems) {
        String name = problems.string(m, "name", path);
        if (name == null || name.isEmpty()) {
            problems.add(path + ".name", "is required and must not be empty");
        }
        String runtimeText = problems.string(m, "runtime", path);
        RuntimeKind runtime = RuntimeKind.CJM;
        if (runtimeText != null) {
            try {
                runtime = RuntimeKind.fromWire(runtimeText);
            } catch (IllegalArgumentException e) {
                problems.add(path + ".runtime", e.getMessage());
            }
        }
        boolean java = runtime == RuntimeKind.JAVA;
        Set<String> own = keysOf(runtime);
        Set<String> allowed = new HashSet<>(COMMON);
        allowed.addAll(own);
        for (Object key : m.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                boolean other = PYTHON_KEYS.contains(String.valueOf(key)) || JAVA_KEYS.contains(String.valueOf(key));
                problems.add(
                        path + "." + key,
                        other
                                ? "does not apply to runtime " + runtime.wire()
                                : "is not a plugins.yaml key; known keys: " + new java.util.TreeSet<>(allowed));
            }
        }
        String envName = problems.string(m, "env_name", path);
        String packageSpec = problems.string(m, "package", path);
        String envFile = problems.string(m, "env_file", path);
        String pythonVersion = scalarText(m, "python_version", path, problems);
        List<String> libs = problems.strings(m, "interface_libs", path);
        List<String> artifacts = problems.strings(m, "artifacts", path);
        List<String> jvmArgs = problems.strings(m, "jvm_args", path);
        String interpreter = problems.string(m, java ? "java" : "python", path);
        Map<String, String> envVars = problems.stringMap(m, "env_vars", path);
        String entryPoint = problems.string(m, "entry_point", path);
        Boolean systemSite = problems.bool(m, "system_site_packages", path);
        if (envVars != null) {
            envVars.keySet().stream()
                    .filter(k -> !ENV_NAME.matcher(k).matches())
                    .forEach(k -> problems.add(
                            path + ".env_vars." + k,
                            "'" + k + "' is not an environment variable name (letters, digits, '_', not starting"
                                    + " with a digit)"));
        }
        if (java) {
            boolean hasArtifacts = artifacts != null && !artifacts.isEmpty();
            if (!hasArtifacts && (packageSpec == null || packageSpec.isEmpty())) {
                problems.add(
                        path + ".package",
                        "is required for runtime java (unless artifacts is given): Maven coordinates"
                                + " group:artifact:version, a jar or a plugin archive");
            } else if (hasArtifacts && packageSpec != null) {
                problems.add(path + ".artifacts", "give either package or artifacts, not both");
            }
            if (hasArtifacts) {
                for (int i = 0; i < artifacts.size(); i++) {
                    if (!COORDINATES.matcher(artifacts.get(i)).matches()) {
                        problems.add(
                                path + ".artifacts[" + i + "]",
                                "'" + artifacts.get(i) + "' is not group:artifact[:classifier]:version");
                    }
                }
            }
        } else if (runtime == RuntimeKind.PYTHON) {
            requiredText(packageSpec, path + ".package", problems);
            if (entryPoint != null && !ENTRY_POINT.matcher(entryPoint).matches()) {
                problems.add(path + ".entry_point", "'" + entryPoint + "' is not module:Class");
            }
            if (pythonVersion != null && !VERSION.matcher(pythonVersion).matches()) {
                problems.add(path + ".python_version", "'" + pythonVersion + "' is not a version such as 3.11");
            }
        } else {
            requiredText(envName, path + ".env_name", problems);
            requiredText(packageSpec, path + ".package", problems);
            if (envFile == null && pythonVersion == null) {
                problems.add(path + ".env_file", "one of env_file or python_version is required");
            }
        }
        return name == null || name.isEmpty()
                ? null
                : new PluginsFileEntry(
                        name,
                        runtime,
                        envName,
                        packageSpec,
                        envFile,
                        pythonVersion,
                        libs,
                        artifacts,
                        jvmArgs,
                        interpreter,
                        envVars,
                        entryPoint,
                        Boolean.TRUE.equals(systemSite));
    }

    private static Set<String> keysOf(RuntimeKind runtime) {
        return switch (runtime) {
            case JAVA -> JAVA_KEYS;
            case PYTHON -> PYTHON_KEYS;
            case CJM -> CJM_KEYS;
        };
    }

    /** YAML reads {@code python_version: 3.11} as a number; accept it as the text it was written as. */
    private static String scalarText(Map<String, Object> m, String key, String path, Problems problems) {
        Object value = m.get(key);
        if (value instanceof Number n) {
            return n.toString();
        }
        return problems.string(m, key, path);
    }

    private static void requiredText(String value, String path, Problems problems) {
        if (value == null || value.isEmpty()) {
            problems.add(path, "is required and must not be empty");
        }
    }
}
