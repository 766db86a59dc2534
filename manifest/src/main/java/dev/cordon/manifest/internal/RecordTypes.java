package dev.cordon.manifest.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Reflection over config records: the JSON kind of a Java type, defaults, component access. */
public final class RecordTypes {

    private static final Set<Class<?>> INTEGERS = Set.of(
            int.class,
            Integer.class,
            long.class,
            Long.class,
            short.class,
            Short.class,
            byte.class,
            Byte.class,
            BigInteger.class);
    private static final Set<Class<?>> NUMBERS =
            Set.of(double.class, Double.class, float.class, Float.class, BigDecimal.class);

    private RecordTypes() {}

    /** The JSON Schema type name of a non-optional Java type, or {@code null} when it is not a scalar. */
    public static String scalarType(Class<?> raw) {
        if (raw == String.class || raw == char.class || raw == Character.class) {
            return "string";
        } else if (INTEGERS.contains(raw)) {
            return "integer";
        } else if (NUMBERS.contains(raw)) {
            return "number";
        } else if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        } else if (raw.isEnum()) {
            return "string";
        }
        return null;
    }

    /** The raw class of a type. */
    public static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("Unsupported config type " + type.getTypeName());
    }

    /** The {@code index}-th type argument of a parameterized type. */
    public static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException("Type " + type.getTypeName() + " needs its type arguments");
    }

    /** Whether the type admits "no value": an Optional of any kind. */
    public static boolean isOptional(Class<?> raw) {
        return raw == Optional.class
                || raw == OptionalInt.class
                || raw == OptionalLong.class
                || raw == OptionalDouble.class;
    }

    /** The element type an optional wraps. */
    public static Type optionalElement(Type type) {
        Class<?> raw = raw(type);
        if (raw == OptionalInt.class) {
            return int.class;
        } else if (raw == OptionalLong.class) {
            return long.class;
        } else if (raw == OptionalDouble.class) {
            return double.class;
        }
        return argument(type, 0);
    }

    /** Whether the raw type is a list-like collection. */
    public static boolean isList(Class<?> raw) {
        return List.class.isAssignableFrom(raw) || raw == Collection.class || raw == Set.class;
    }

    /** Whether the raw type is a string-keyed map. */
    public static boolean isMap(Class<?> raw) {
        return Map.class.isAssignableFrom(raw);
    }

    /**
     * The record's defaults: the instance returned by its {@code public static defaults()} method, or {@code null}
     * when it has none.
     *
     * @throws IllegalArgumentException if the method exists but fails or returns another type
     */
    public static Record defaults(Class<? extends Record> type) {
        Method method;
        try {
            method = type.getMethod("defaults");
        } catch (NoSuchMethodException e) {
            return null;
        }
        if (!Modifier.isStatic(method.getModifiers()) || method.getReturnType() != type) {
            return null;
        }
        try {
            return (Record) method.invoke(null);
        } catch (IllegalAccessException | InvocationTargetException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalArgumentException(type.getName() + ".defaults() failed: " + cause, cause);
        }
    }

    /** The value of one component. */
    public static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "Cannot read " + record.getClass().getName() + "." + component.getName()
                            + "; make the record public and its package exported",
                    e);
        }
    }
}
