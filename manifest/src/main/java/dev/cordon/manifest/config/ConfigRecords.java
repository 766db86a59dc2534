package dev.cordon.manifest.config;

import dev.cordon.api.error.PluginConfigError;
import dev.cordon.manifest.internal.Problems;
import dev.cordon.manifest.internal.RecordTypes;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Converts config records to plain JSON maps and back, following the type mapping of {@link ConfigSchemas}.
 * Enums are written as their {@code toString()} and read back by the same spelling; an empty Optional is
 * {@code null}.
 */
public final class ConfigRecords {

    private ConfigRecords() {}

    /** The record as a plain JSON object, components in declaration order. */
    public static Map<String, Object> toMap(Record config) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) toJson(config);
        return map;
    }

    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(value + " is not a JSON number; JSON numbers must be finite");
        }
        return value;
    }

    /**
     * {@code value} as a plain JSON value to be written out at once: {@code value} itself when it already is one —
     * {@code null}, a string, a boolean, a whole number, a finite double, and lists and string-keyed maps of those —
     * else its {@link #toJson} copy. Unlike {@code toJson}, the result may share the caller's maps and lists, so it
     * must not be kept; what is written from either is the same text.
     *
     * @throws IllegalArgumentException for a value with no JSON form, such as NaN or an infinite number
     */
    public static Object asJson(Object value) {
        return plain(value) ? value : toJson(value);
    }

    private static boolean plain(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Long
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof BigInteger) {
            return true;
        } else if (value instanceof Double d) {
            return Double.isFinite(d);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || !plain(e.getValue())) {
                    return false;
                }
            }
            return true;
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!plain(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A Java config value as a plain JSON value.
     *
     * @throws IllegalArgumentException for a value with no JSON form, such as NaN or an infinite number
     */
    public static Object toJson(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Long
                || value instanceof BigInteger) {
            return value;
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return finite(((Number) value).doubleValue());
        } else if (value instanceof Character c) {
            return c.toString();
        } else if (value instanceof Enum<?> e) {
            return e.toString();
        } else if (value instanceof Optional<?> o) {
            return toJson(o.orElse(null));
        } else if (value instanceof OptionalInt o) {
            return o.isPresent() ? (Object) (long) o.getAsInt() : null;
        } else if (value instanceof OptionalLong o) {
            return o.isPresent() ? (Object) o.getAsLong() : null;
        } else if (value instanceof OptionalDouble o) {
            return o.isPresent() ? (Object) finite(o.getAsDouble()) : null;
        } else if (value instanceof Record r) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                map.put(c.getName(), toJson(RecordTypes.value(c, r)));
            }
            return map;
        } else if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(toJson(item)));
            return out;
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
            return out;
        }
        throw new IllegalArgumentException(
                "No JSON form for " + value.getClass().getName());
    }

    /**
     * Builds a config record from a plain JSON map. Absent keys take the record's {@code defaults()} value, or
     * an empty Optional; unknown keys are refused.
     *
     * @throws PluginConfigError listing every key that is unknown, missing or of the wrong type, with its path
     */
    public static <R extends Record> R toRecord(Map<String, Object> config, Class<R> type) {
        Problems problems = new Problems();
        R record = type.cast(record(config, type, "$", problems));
        if (!problems.isEmpty()) {
            throw ConfigValidator.error(problems.list(), type.getSimpleName());
        }
        return record;
    }

    private static Record record(Map<String, Object> config, Class<?> type, String path, Problems problems) {
        @SuppressWarnings("unchecked")
        Record defaults = RecordTypes.defaults((Class<? extends Record>) type);
        RecordComponent[] components = type.getRecordComponents();
        Set<String> names = new LinkedHashSet<>();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            names.add(c.getName());
            types[i] = c.getType();
            String at = path + "." + c.getName();
            if (config.containsKey(c.getName())) {
                values[i] = convert(config.get(c.getName()), c.getGenericType(), at, problems);
            } else if (defaults != null && RecordTypes.value(c, defaults) != null) {
                values[i] = RecordTypes.value(c, defaults);
            } else if (RecordTypes.isOptional(c.getType())) {
                values[i] = convert(null, c.getGenericType(), at, problems);
            } else {
                problems.add(at, "is required");
            }
        }
        config.keySet().stream()
                .filter(k -> !names.contains(k))
                .forEach(k -> problems.add(path + "." + k, "is not a field of " + type.getSimpleName()));
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            return (Record) constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            problems.add(
                    path,
                    "rejected by " + type.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            problems.add(path, "cannot construct " + type.getName() + "; make the record public: " + e);
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object value, Type type, String path, Problems problems) {
        Class<?> raw = RecordTypes.raw(type);
        if (raw == Optional.class) {
            return Optional.ofNullable(
                    value == null ? null : convert(value, RecordTypes.argument(type, 0), path, problems));
        } else if (raw == OptionalInt.class) {
            return value == null
                    ? OptionalInt.empty()
                    : OptionalInt.of((Integer) convert(value, int.class, path, problems));
        } else if (raw == OptionalLong.class) {
            return value == null
                    ? OptionalLong.empty()
                    : OptionalLong.of((Long) convert(value, long.class, path, problems));
        } else if (raw == OptionalDouble.class) {
            return value == null
                    ? OptionalDouble.empty()
                    : OptionalDouble.of((Double) convert(value, double.class, path, problems));
        }
        if (value == null) {
            problems.add(path, "must not be null");
            return raw.isPrimitive() ? primitiveZero(raw) : null;
        }
        Object converted = scalar(value, raw);
        if (converted != null) {
            return converted;
        }
        if (raw.isEnum() && value instanceof String s) {
            for (Object constant : raw.getEnumConstants()) {
                if (constant.toString().equals(s)) {
                    return constant;
                }
            }
            problems.add(path, "'" + s + "' is not one of " + List.of(raw.getEnumConstants()));
            return null;
        }
        if (RecordTypes.isList(raw) && value instanceof List<?> list) {
            Collection out = raw == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(convert(list.get(i), RecordTypes.argument(type, 0), path + "[" + i + "]", problems));
            }
            return raw == Set.class ? Set.copyOf(out) : java.util.Collections.unmodifiableList((List) out);
        }
        if (RecordTypes.isMap(raw) && value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach(
                    (k, v) -> out.put((String) k, convert(v, RecordTypes.argument(type, 1), path + "." + k, problems)));
            return java.util.Collections.unmodifiableMap(out);
        }
        if (raw.isRecord() && value instanceof Map<?, ?> map) {
            return record((Map<String, Object>) map, raw, path, problems);
        }
        problems.add(path, "must be " + expected(raw) + ", got " + Problems.typeOf(value));
        return raw.isPrimitive() ? primitiveZero(raw) : null;
    }

    private static Object scalar(Object value, Class<?> raw) {
        if ((raw == String.class) && value instanceof String) {
            return value;
        } else if ((raw == char.class || raw == Character.class) && value instanceof String s && s.length() == 1) {
            return s.charAt(0);
        } else if ((raw == boolean.class || raw == Boolean.class) && value instanceof Boolean) {
            return value;
        } else if (value instanceof Number n) {
            return number(n, raw);
        }
        return null;
    }

    private static Object number(Number n, Class<?> raw) {
        BigDecimal exact = n instanceof Double d ? BigDecimal.valueOf(d) : new BigDecimal(n.toString());
        try {
            if (raw == int.class || raw == Integer.class) {
                return exact.intValueExact();
            } else if (raw == long.class || raw == Long.class) {
                return exact.longValueExact();
            } else if (raw == short.class || raw == Short.class) {
                return exact.shortValueExact();
            } else if (raw == byte.class || raw == Byte.class) {
                return exact.byteValueExact();
            } else if (raw == BigInteger.class) {
                return exact.toBigIntegerExact();
            }
        } catch (ArithmeticException e) {
            return null;
        }
        if (raw == double.class || raw == Double.class) {
            return n.doubleValue();
        } else if (raw == float.class || raw == Float.class) {
            return n.floatValue();
        } else if (raw == BigDecimal.class) {
            return exact;
        }
        return null;
    }

    private static String expected(Class<?> raw) {
        if (raw.isRecord() || RecordTypes.isMap(raw)) {
            return "an object";
        } else if (RecordTypes.isList(raw)) {
            return "an array";
        } else if (raw.isEnum()) {
            return "a string";
        }
        String type = RecordTypes.scalarType(raw);
        return type == null
                ? raw.getSimpleName()
                : "a" + ("integer".equals(type) ? "n " : " ") + type
                        + ("integer".equals(type) ? " in the range of " + raw.getSimpleName() : "");
    }

    private static Object primitiveZero(Class<?> raw) {
        if (raw == boolean.class) {
            return false;
        } else if (raw == char.class) {
            return '\0';
        } else if (raw == double.class) {
            return 0.0;
        } else if (raw == float.class) {
            return 0.0f;
        } else if (raw == long.class) {
            return 0L;
        } else if (raw == short.class) {
            return (short) 0;
        } else if (raw == byte.class) {
            return (byte) 0;
        }
        return 0;
    }
}
