package dev.cordon.runtime.internal.monitor;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Typed reads of the plain JSON values a worker answers, failing with the JSON path of what is wrong. */
final class StatsJson {

    private final String source;

    /** @param source what answered, for messages: {@code monitor plugin 'x' /get_system_status} */
    StatsJson(String source) {
        this.source = source;
    }

    MalformedStatsError malformed(String path, String problem) {
        return new MalformedStatsError(source, path, problem);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw malformed(path, "expected an object, got " + describe(value));
    }

    List<?> list(Object value, String path) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw malformed(path, "expected an array, got " + describe(value));
    }

    /** A required number of at least 0. */
    double quantity(Map<String, Object> object, String key, String path) {
        OptionalDouble value = optionalQuantity(object, key, path);
        if (value.isEmpty()) {
            throw malformed(path + "." + key, "missing; expected a number of at least 0");
        }
        return value.getAsDouble();
    }

    /** A number of at least 0, or empty when the key is absent or {@code null}. */
    OptionalDouble optionalQuantity(Map<String, Object> object, String key, String path) {
        Object value = object.get(key);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
            throw malformed(path + "." + key, "expected a number of at least 0, got " + describe(value));
        }
        return OptionalDouble.of(n.doubleValue());
    }

    /** A whole number, or empty when the key is absent or {@code null}. */
    OptionalLong optionalInteger(Map<String, Object> object, String key, String path) {
        Object value = object.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 1e15) {
            return OptionalLong.of(n.longValue());
        }
        throw malformed(path + "." + key, "expected a whole number, got " + describe(value));
    }

    /** A string, or {@code null} when the key is absent or {@code null}. */
    String optionalString(Map<String, Object> object, String key, String path) {
        Object value = object.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw malformed(path + "." + key, "expected a string, got " + describe(value));
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }
}
