package dev.cordon.manifest.config;

import dev.cordon.api.error.PluginConfigError;
import dev.cordon.manifest.ManifestProblem;
import dev.cordon.manifest.internal.Problems;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Validates a config (plain JSON values) against a config JSON Schema and applies its defaults.
 *
 * <p>The keywords checked, at any depth: {@code type} (a name or a list of names; an integral float counts as an
 * {@code integer}, as in JSON Schema), {@code enum}, {@code minimum}, {@code maximum}, {@code exclusiveMinimum},
 * {@code exclusiveMaximum}, {@code minLength}, {@code maxLength} (in code points), {@code pattern} (found anywhere in
 * the string), {@code items}, {@code minItems}, {@code maxItems}, {@code properties}, {@code required} and
 * {@code additionalProperties} (a schema, or {@code false}). {@code format} is informational and not checked.
 * Keys not in {@code properties} of an object that has {@code properties} and no {@code additionalProperties} are
 * unknown: {@link UnknownKeys#REJECT} reports them with everything else, {@link UnknownKeys#DROP} removes them and
 * logs them once.
 */
public final class ConfigValidator {

    private static final System.Logger LOG = System.getLogger(ConfigValidator.class.getName());

    /** What to do with keys the schema does not know. */
    public enum UnknownKeys {
        /** Report them as problems (the original's {@code strict=True}). */
        REJECT,
        /** Remove them and log a warning naming them. */
        DROP
    }

    /** How many problems or keys a message names before it says how many more there are. */
    static final int SHOWN = 5;

    private ConfigValidator() {}

    /**
     * Checks {@code config} against {@code schema}.
     *
     * @return the config, without the unknown keys under {@link UnknownKeys#DROP}
     * @throws PluginConfigError listing every problem with its JSON path; {@code fieldsInvalid} holds the paths
     */
    public static Map<String, Object> validate(
            Map<String, Object> config, Map<String, Object> schema, UnknownKeys unknownKeys) {
        Problems problems = new Problems();
        List<String> dropped = new ArrayList<>();
        Object cleaned = check(config == null ? Map.of() : config, schema, "$", unknownKeys, problems, dropped);
        if (!problems.isEmpty()) {
            throw error(problems.list(), String.valueOf(schema.getOrDefault("name", schema.get("title"))));
        }
        if (!dropped.isEmpty()) {
            LOG.log(Level.WARNING, "Dropped {0} config key(s) unknown to schema {1}: {2}", new Object[] {
                dropped.size(), schema.getOrDefault("name", "?"), firstFew(dropped)
            });
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) cleaned;
        return result;
    }

    /** Every problem of {@code config} against {@code schema}; empty when valid. Never throws. */
    public static List<ManifestProblem> problems(
            Map<String, Object> config, Map<String, Object> schema, UnknownKeys unknownKeys) {
        Problems problems = new Problems();
        check(config == null ? Map.of() : config, schema, "$", unknownKeys, problems, new ArrayList<>());
        return problems.list();
    }

    /**
     * The effective config: each top-level property's {@code default} (in schema order) overlaid by
     * {@code config}'s own values.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withDefaults(Map<String, Object> config, Map<String, Object> schema) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, property) -> {
                if (property instanceof Map<?, ?> p && p.containsKey("default")) {
                    result.put((String) name, p.get("default"));
                }
            });
        }
        if (config != null) {
            result.putAll(config);
        }
        return result;
    }

    static PluginConfigError error(List<ManifestProblem> problems, String schemaName) {
        return new PluginConfigError(
                "Config for " + schemaName + " is invalid (" + problems.size() + " problem"
                        + (problems.size() == 1 ? "" : "s") + "): "
                        + firstFew(
                                problems.stream().map(ManifestProblem::toString).toList())
                        + ". Fix or remove these keys.",
                problems.stream().map(ManifestProblem::path).toList(),
                schemaName);
    }

    /**
     * The first {@value #SHOWN} items joined by "; ", then how many more: a message that names thousands of keys
     * stays one readable line (every path is still in {@code fieldsInvalid}).
     */
    static String firstFew(List<String> items) {
        String shown = items.stream().limit(SHOWN).collect(Collectors.joining("; "));
        return items.size() <= SHOWN ? shown : shown + "; … and " + (items.size() - SHOWN) + " more";
    }

    @SuppressWarnings("unchecked")
    private static Object check(
            Object value,
            Map<String, Object> schema,
            String path,
            UnknownKeys unknownKeys,
            Problems problems,
            List<String> dropped) {
        if (!typeMatches(value, schema.get("type"))) {
            problems.add(path, "must be of type " + schema.get("type") + ", got " + Problems.typeOf(value));
            return value;
        }
        if (schema.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> jsonEquals(a, value))) {
            problems.add(path, "must be one of " + allowed + ", got " + value);
        }
        if (value instanceof Number n) {
            checkNumber(n, schema, path, problems);
        } else if (value instanceof String s) {
            checkString(s, schema, path, problems);
        } else if (value instanceof List<?> list) {
            checkBound(list.size(), schema.get("minItems"), true, path, "items", problems);
            checkBound(list.size(), schema.get("maxItems"), false, path, "items", problems);
            if (schema.get("items") instanceof Map<?, ?> items) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    out.add(check(
                            list.get(i),
                            (Map<String, Object>) items,
                            path + "[" + i + "]",
                            unknownKeys,
                            problems,
                            dropped));
                }
                return out;
            }
        } else if (value instanceof Map<?, ?> map) {
            return checkObject((Map<String, Object>) map, schema, path, unknownKeys, problems, dropped);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> checkObject(
            Map<String, Object> map,
            Map<String, Object> schema,
            String path,
            UnknownKeys unknownKeys,
            Problems problems,
            List<String> dropped) {
        Map<String, Object> properties =
                schema.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        Object additional = schema.get("additionalProperties");
        boolean closed = Boolean.FALSE.equals(additional) || (additional == null && schema.containsKey("properties"));
        if (schema.get("required") instanceof List<?> required) {
            for (Object name : required) {
                if (!map.containsKey(name)) {
                    problems.add(path + "." + name, "is required");
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            String at = path + "." + entry.getKey();
            Object property = properties.get(entry.getKey());
            if (property instanceof Map<?, ?> p) {
                out.put(
                        entry.getKey(),
                        check(entry.getValue(), (Map<String, Object>) p, at, unknownKeys, problems, dropped));
            } else if (additional instanceof Map<?, ?> a) {
                out.put(
                        entry.getKey(),
                        check(entry.getValue(), (Map<String, Object>) a, at, unknownKeys, problems, dropped));
            } else if (!closed) {
                out.put(entry.getKey(), entry.getValue());
            } else if (unknownKeys == UnknownKeys.REJECT) {
                problems.add(at, "is not a known config key; known keys: " + properties.keySet());
            } else {
                dropped.add(at);
            }
        }
        return out;
    }

    private static void checkNumber(Number n, Map<String, Object> schema, String path, Problems problems) {
        BigDecimal value = decimal(n);
        if (value == null) {
            return;
        }
        bound(value, schema.get("minimum"), c -> c >= 0, "must be >= ", path, problems);
        bound(value, schema.get("maximum"), c -> c <= 0, "must be <= ", path, problems);
        bound(value, schema.get("exclusiveMinimum"), c -> c > 0, "must be > ", path, problems);
        bound(value, schema.get("exclusiveMaximum"), c -> c < 0, "must be < ", path, problems);
    }

    private static void bound(
            BigDecimal value,
            Object limit,
            java.util.function.IntPredicate ok,
            String text,
            String path,
            Problems problems) {
        if (limit instanceof Number l && decimal(l) != null && !ok.test(value.compareTo(decimal(l)))) {
            problems.add(path, text + l + ", got " + value.stripTrailingZeros().toPlainString());
        }
    }

    private static void checkString(String s, Map<String, Object> schema, String path, Problems problems) {
        int length = s.codePointCount(0, s.length());
        checkBound(length, schema.get("minLength"), true, path, "characters", problems);
        checkBound(length, schema.get("maxLength"), false, path, "characters", problems);
        if (schema.get("pattern") instanceof String pattern) {
            try {
                if (!Pattern.compile(pattern).matcher(s).find()) {
                    problems.add(path, "must match the pattern " + pattern);
                }
            } catch (PatternSyntaxException e) {
                problems.add(
                        path,
                        "cannot be checked: the schema's pattern " + pattern + " is not a valid regular"
                                + " expression (" + e.getDescription() + ")");
            }
        }
    }

    private static void checkBound(int size, Object limit, boolean min, String path, String unit, Problems problems) {
        if (limit instanceof Number l && (min ? size < l.longValue() : size > l.longValue())) {
            problems.add(path, "must have " + (min ? "at least " : "at most ") + l + " " + unit + ", has " + size);
        }
    }

    private static boolean typeMatches(Object value, Object type) {
        if (type == null) {
            return true;
        }
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(t -> typeMatches(value, t));
        }
        return switch (String.valueOf(type)) {
            case "null" -> value == null;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "number" -> value instanceof Number;
            case "integer" ->
                value instanceof Long
                        || value instanceof Integer
                        || value instanceof BigInteger
                        || (value instanceof Number n
                                && decimal(n) != null
                                && decimal(n).stripTrailingZeros().scale() <= 0);
            case "array" -> value instanceof List;
            case "object" -> value instanceof Map;
            default -> true;
        };
    }

    private static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            BigDecimal dx = decimal(x);
            BigDecimal dy = decimal(y);
            return dx != null && dy != null && dx.compareTo(dy) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return null;
        }
        return n instanceof Double || n instanceof Float
                ? BigDecimal.valueOf(n.doubleValue())
                : new BigDecimal(n.toString());
    }
}
