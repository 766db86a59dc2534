package dev.cordon.manifest.internal;

import dev.cordon.manifest.ManifestProblem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem while reading a plain JSON tree, so one pass reports them all, each with its JSON path.
 * Typed getters return a neutral value after recording a problem, so reading continues.
 */
public final class Problems {

    private final List<ManifestProblem> problems = new ArrayList<>();

    /** Records a problem. */
    public void add(String path, String message) {
        problems.add(new ManifestProblem(path, message));
    }

    /** Everything recorded so far. */
    public List<ManifestProblem> list() {
        return List.copyOf(problems);
    }

    /** Whether anything was recorded. */
    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The JSON type name of a plain value, for messages. */
    public static String typeOf(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            return "integer";
        } else if (value instanceof Number) {
            return "number";
        } else if (value instanceof Map) {
            return "object";
        } else if (value instanceof List) {
            return "array";
        }
        return value.getClass().getSimpleName();
    }

    /** The object at {@code key}, or {@code null} when absent or null; a non-object is a problem. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(Map<String, Object> map, String key, String path) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        add(path + "." + key, "must be an object, got " + typeOf(value));
        return null;
    }

    /** The string at {@code key}, or {@code null} when absent or null; a non-string is a problem. */
    public String string(Map<String, Object> map, String key, String path) {
        Object value = map.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        add(path + "." + key, "must be a string, got " + typeOf(value));
        return null;
    }

    /** The boolean at {@code key}, or {@code null} when absent or null; anything else is a problem. */
    public Boolean bool(Map<String, Object> map, String key, String path) {
        Object value = map.get(key);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        add(path + "." + key, "must be a boolean (true or false), got " + typeOf(value));
        return null;
    }

    /** The non-negative integer at {@code key}, or {@code null} when absent or null. */
    public Long count(Map<String, Object> map, String key, String path) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Long l && l >= 0) {
            return l;
        }
        add(path + "." + key, "must be a non-negative integer, got " + (value instanceof Long ? value : typeOf(value)));
        return null;
    }

    /** The list of strings at {@code key}, or {@code null} when absent or null. */
    public List<String> strings(Map<String, Object> map, String key, String path) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            add(path + "." + key, "must be a list of strings, got " + typeOf(value));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String s) {
                out.add(s);
            } else {
                add(path + "." + key + "[" + i + "]", "must be a string, got " + typeOf(list.get(i)));
            }
        }
        return out;
    }

    /** The string-to-string object at {@code key}, or {@code null} when absent or null. */
    public Map<String, String> stringMap(Map<String, Object> map, String key, String path) {
        Map<String, Object> object = object(map, key, path);
        if (object == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        object.forEach((k, v) -> {
            if (v instanceof String s) {
                out.put(k, s);
            } else {
                add(path + "." + key + "." + k, "must be a string, got " + typeOf(v));
            }
        });
        return out;
    }
}
