package dev.cordon.manifest;

import dev.cordon.manifest.internal.JsonText;
import dev.cordon.manifest.internal.JsonValues;

/**
 * JSON text ↔ plain Java values (see the package documentation) for code outside this module that exchanges JSON
 * bodies, such as the worker protocol: the strict reader behind manifests and the Python-compatible compact writer.
 */
public final class PlainJson {

    private PlainJson() {}

    /**
     * Parses one JSON document into plain values, keeping the integer/float distinction.
     *
     * @throws JsonInputException naming the path where reading stopped
     */
    public static Object parse(String text) {
        return JsonValues.parse(text);
    }

    /**
     * Compact JSON text ({@code ,} and {@code :} separators, keys in map order).
     *
     * Non-finite doubles are written as Python does ({@code NaN}, {@code Infinity}).
     *
     * @throws IllegalArgumentException if {@code value} holds something that is not a plain JSON value
     */
    public static String write(Object value) {
        return JsonText.compact(value, false);
    }

    /** Python's {@code json.dumps(value, indent=2)}. */
    public static String pretty(Object value) {
        return JsonText.pretty(value);
    }
}
