package dev.cordon.manifest.internal;

import dev.cordon.protocol.json.PlainJson;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Type-checks the keywords of a config schema that {@code ConfigValidator} honours, when the manifest is read: a
 * mistyped keyword ({@code "minimum": "5"}) would otherwise be skipped by the validator and its constraint silently
 * lost. Each problem names the keyword's JSON path. Nested schemas ({@code properties}, {@code items},
 * {@code additionalProperties}) are checked the same way.
 */
final class SchemaKeywords {

    private static final Set<String> TYPES =
            Set.of("null", "string", "boolean", "number", "integer", "array", "object");
    private static final List<String> NUMBERS = List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
    private static final List<String> COUNTS = List.of("minLength", "maxLength", "minItems", "maxItems");

    private SchemaKeywords() {}

    static void check(Map<?, ?> schema, String path, Problems problems) {
        type(schema.get("type"), path + ".type", problems);
        for (String keyword : NUMBERS) {
            Object value = schema.get(keyword);
            if (value != null && !(value instanceof Number)) {
                problems.add(path + "." + keyword, "must be a number, got " + describe(value));
            }
        }
        for (String keyword : COUNTS) {
            Object value = schema.get(keyword);
            if (value != null && !isCount(value)) {
                problems.add(path + "." + keyword, "must be a non-negative integer, got " + describe(value));
            }
        }
        pattern(schema.get("pattern"), path + ".pattern", problems);
        Object allowed = schema.get("enum");
        if (allowed != null && !(allowed instanceof List)) {
            problems.add(path + ".enum", "must be an array of the allowed values, got " + describe(allowed));
        }
        required(schema.get("required"), path + ".required", problems);
        Object properties = schema.get("properties");
        if (properties instanceof Map<?, ?> map) {
            map.forEach((name, property) -> {
                if (property instanceof Map<?, ?> nested) {
                    check(nested, path + ".properties." + name, problems);
                } else {
                    problems.add(
                            path + ".properties." + name,
                            "must be an object (a schema), got " + Problems.typeOf(property));
                }
            });
        } else if (properties != null) {
            problems.add(path + ".properties", "must be an object, got " + Problems.typeOf(properties));
        }
        nested(schema.get("items"), path + ".items", false, problems);
        nested(schema.get("additionalProperties"), path + ".additionalProperties", true, problems);
    }

    private static void type(Object type, String path, Problems problems) {
        if (type == null) {
            return;
        }
        if (type instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s && TYPES.contains(s))) {
                    problems.add(path + "[" + i + "]", "must be one of " + TYPES + ", got " + describe(list.get(i)));
                }
            }
        } else if (!(type instanceof String s && TYPES.contains(s))) {
            problems.add(path, "must be one of " + TYPES + " or an array of them, got " + describe(type));
        }
    }

    private static void pattern(Object pattern, String path, Problems problems) {
        if (pattern == null) {
            return;
        }
        if (!(pattern instanceof String regex)) {
            problems.add(path, "must be a string (a regular expression), got " + describe(pattern));
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(
                    path, "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static void required(Object required, String path, Problems problems) {
        if (required == null) {
            return;
        }
        if (!(required instanceof List<?> names)) {
            problems.add(path, "must be an array of property names, got " + describe(required));
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String)) {
                problems.add(path + "[" + i + "]", "must be a property name (a string), got " + describe(names.get(i)));
            }
        }
    }

    private static void nested(Object schema, String path, boolean booleanAllowed, Problems problems) {
        if (schema == null || (booleanAllowed && schema instanceof Boolean)) {
            return;
        }
        if (schema instanceof Map<?, ?> map) {
            check(map, path, problems);
        } else {
            problems.add(
                    path,
                    "must be " + (booleanAllowed ? "a boolean or " : "") + "an object (a schema), got "
                            + describe(schema));
        }
    }

    private static boolean isCount(Object value) {
        if (value instanceof Long l) {
            return l >= 0;
        }
        if (value instanceof BigInteger b) {
            return b.signum() >= 0;
        }
        return value instanceof Double d && d >= 0 && d == Math.rint(d) && !d.isInfinite();
    }

    private static String describe(Object value) {
        return Problems.typeOf(value) + " " + PlainJson.compact(value);
    }
}
