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

    private static final Set<String> COMMON = Set.of("name", "runtime");
    private static final Set<String> PYTHON_KEYS =
            Set.of("env_name", "package", "env_file", "python_version", "interface_libs");
    private static final Set<String> JAVA_KEYS = Set.of("artifacts", "jvm_args");
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
        Set<String> allowed = new HashSet<>(COMMON);
        allowed.addAll(java ? JAVA_KEYS : PYTHON_KEYS);
        for (Object key : m.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                boolean other = (java ? PYTHON_KEYS : JAVA_KEYS).contains(String.valueOf(key));
                problems.add(
                        path + "." + key,
                        other
                                ? "does not apply to runtime " + runtime.wire()
                                : "is not a plugins.yaml key; known keys: name, runtime, "
                                        + (java ? JAVA_KEYS : PYTHON_KEYS));
            }
        }
        String envName = problems.string(m, "env_name", path);
        String packageSpec = problems.string(m, "package", path);
        String envFile = problems.string(m, "env_file", path);
        String pythonVersion = scalarText(m, "python_version", path, problems);
        List<String> libs = problems.strings(m, "interface_libs", path);
        List<String> artifacts = problems.strings(m, "artifacts", path);
        List<String> jvmArgs = problems.strings(m, "jvm_args", path);
        if (java) {
            if (artifacts == null || artifacts.isEmpty()) {
                problems.add(
                        path + ".artifacts", "is required for runtime java: Maven coordinates of the plugin's jars");
            } else {
                for (int i = 0; i < artifacts.size(); i++) {
                    if (!COORDINATES.matcher(artifacts.get(i)).matches()) {
                        problems.add(
                                path + ".artifacts[" + i + "]",
                                "'" + artifacts.get(i) + "' is not group:artifact[:classifier]:version");
                    }
                }
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
                        name, runtime, envName, packageSpec, envFile, pythonVersion, libs, artifacts, jvmArgs);
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
