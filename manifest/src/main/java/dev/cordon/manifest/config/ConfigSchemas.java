package dev.cordon.manifest.config;

import dev.cordon.api.plugin.Schema;
import dev.cordon.manifest.internal.RecordTypes;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives a config's JSON Schema from an annotated record (see {@link Schema}) in the original's layout.
 *
 * <p>The top level is {@code {"name", "title", "description", "type": "object", "properties"}}, plus
 * {@code "required"} when some component has no default. Component types map as: {@code String}/{@code char} →
 * {@code string}; {@code int}, {@code long}, {@code short}, {@code byte}, {@code BigInteger} → {@code integer};
 * {@code double}, {@code float}, {@code BigDecimal} → {@code number}; {@code boolean} → {@code boolean}; a Java
 * enum → {@code string} with {@code enum} of its constants' {@code toString()}; {@code List}/{@code Set} of X →
 * {@code array} with {@code items}; {@code Map<String, X>} → {@code object} with {@code additionalProperties}; a
 * nested record → a nested {@code object} schema (the original fell back to {@code string}); any
 * {@code Optional} of X → X's schema with {@code "type": [X, "null"]}. Each property's keys are ordered
 * {@code type} (with {@code items}/{@code properties}/{@code required}), {@code title}, {@code description},
 * {@code minimum}, {@code maximum}, {@code enum}, {@code minLength}, {@code maxLength}, {@code pattern},
 * {@code format}, {@code default}. Defaults come from the record's static {@code defaults()} method.
 */
public final class ConfigSchemas {

    /** The record types being derived on this thread, to refuse recursive records instead of overflowing. */
    private static final ThreadLocal<Set<Class<?>>> VISITING = ThreadLocal.withInitial(HashSet::new);

    private ConfigSchemas() {}

    /**
     * The JSON Schema of a config record.
     *
     * @throws IllegalArgumentException naming the component whose type cannot be expressed
     */
    public static Map<String, Object> derive(Class<? extends Record> type) {
        Map<String, Object> schema = new LinkedHashMap<>();
        Schema.Name name = type.getAnnotation(Schema.Name.class);
        Schema.Title title = type.getAnnotation(Schema.Title.class);
        Schema.Description description = type.getAnnotation(Schema.Description.class);
        schema.put("name", name != null ? name.value() : type.getSimpleName());
        schema.put("title", title != null ? title.value() : type.getSimpleName());
        schema.put("description", description != null ? description.value() : "");
        schema.put("type", "object");
        objectBody(schema, type, type.getSimpleName());
        return schema;
    }

    private static void objectBody(Map<String, Object> schema, Class<? extends Record> type, String path) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(path + ": " + type.getName() + " is not a record");
        }
        if (!VISITING.get().add(type)) {
            throw new IllegalArgumentException(
                    path + ": " + type.getSimpleName() + " contains itself; a config schema cannot be recursive");
        }
        try {
            properties(schema, type, path);
        } finally {
            VISITING.get().remove(type);
        }
    }

    private static void properties(Map<String, Object> schema, Class<? extends Record> type, String path) {
        Record defaults = RecordTypes.defaults(type);
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Object defaultValue = defaults == null ? null : RecordTypes.value(component, defaults);
            boolean optional = RecordTypes.isOptional(component.getType());
            Map<String, Object> property = typeSchema(component.getGenericType(), path + "." + component.getName());
            annotate(property, component);
            if (defaultValue != null) {
                property.put("default", ConfigRecords.toJson(defaultValue));
            } else if (optional && defaults != null) {
                property.put("default", null);
            }
            if (defaultValue == null && !optional) {
                required.add(component.getName());
            }
            properties.put(component.getName(), property);
        }
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> typeSchema(Type type, String path) {
        Class<?> raw = RecordTypes.raw(type);
        Map<String, Object> schema = new LinkedHashMap<>();
        if (RecordTypes.isOptional(raw)) {
            Map<String, Object> inner = typeSchema(RecordTypes.optionalElement(type), path);
            inner.put("type", List.of(inner.get("type"), "null"));
            return inner;
        }
        String scalar = RecordTypes.scalarType(raw);
        if (scalar != null) {
            schema.put("type", scalar);
            if (raw.isEnum()) {
                List<Object> values = new ArrayList<>();
                for (Object constant : raw.getEnumConstants()) {
                    values.add(constant.toString());
                }
                schema.put("enum", values);
            }
        } else if (RecordTypes.isList(raw)) {
            schema.put("type", "array");
            schema.put("items", typeSchema(RecordTypes.argument(type, 0), path + "[]"));
        } else if (RecordTypes.isMap(raw)) {
            if (RecordTypes.raw(RecordTypes.argument(type, 0)) != String.class) {
                throw new IllegalArgumentException(path + ": map keys must be String");
            }
            schema.put("type", "object");
            schema.put("additionalProperties", typeSchema(RecordTypes.argument(type, 1), path + ".*"));
        } else if (raw.isRecord()) {
            schema.put("type", "object");
            objectBody(schema, (Class<? extends Record>) raw, path);
        } else {
            throw new IllegalArgumentException(path + ": type " + type.getTypeName()
                    + " has no JSON Schema form; use a string, number, boolean, enum, list, map, record or Optional");
        }
        return schema;
    }

    private static void annotate(Map<String, Object> property, RecordComponent c) {
        // Re-insert "enum" (from an enum type) at its place in the original's keyword order.
        Object typeEnum = property.remove("enum");
        put(
                property,
                "title",
                c.getAnnotation(Schema.Title.class) == null
                        ? null
                        : c.getAnnotation(Schema.Title.class).value());
        put(
                property,
                "description",
                c.getAnnotation(Schema.Description.class) == null
                        ? null
                        : c.getAnnotation(Schema.Description.class).value());
        put(
                property,
                "minimum",
                c.getAnnotation(Schema.Minimum.class) == null
                        ? null
                        : number(c.getAnnotation(Schema.Minimum.class).value(), property));
        put(
                property,
                "maximum",
                c.getAnnotation(Schema.Maximum.class) == null
                        ? null
                        : number(c.getAnnotation(Schema.Maximum.class).value(), property));
        Schema.EnumValues values = c.getAnnotation(Schema.EnumValues.class);
        put(property, "enum", values != null ? List.of((Object[]) values.value()) : typeEnum);
        put(
                property,
                "minLength",
                c.getAnnotation(Schema.MinLength.class) == null
                        ? null
                        : (long) c.getAnnotation(Schema.MinLength.class).value());
        put(
                property,
                "maxLength",
                c.getAnnotation(Schema.MaxLength.class) == null
                        ? null
                        : (long) c.getAnnotation(Schema.MaxLength.class).value());
        put(
                property,
                "pattern",
                c.getAnnotation(Schema.Pattern.class) == null
                        ? null
                        : c.getAnnotation(Schema.Pattern.class).value());
        put(
                property,
                "format",
                c.getAnnotation(Schema.Format.class) == null
                        ? null
                        : c.getAnnotation(Schema.Format.class).value());
    }

    /** An integer property's bounds print as integers, a number property's as floats (as Python would). */
    private static Object number(double value, Map<String, Object> property) {
        Object type = property.get("type");
        boolean integer = "integer".equals(type) || (type instanceof List<?> l && l.contains("integer"));
        return integer && value == Math.rint(value) && !Double.isInfinite(value) ? (Object) (long) value : value;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
