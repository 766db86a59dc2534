package dev.cordon.protocol.json;

import dev.cordon.protocol.internal.JsonText;
import dev.cordon.protocol.internal.JsonValues;

/**
 * JSON text ↔ plain Java values (see the package documentation), keeping the integer/float distinction of the
 * source text so that configs hash as the original hashes them. Use it wherever a config or schema arrives as text
 * and will be hashed or validated. Stateless and thread-safe.
 */
public final class PlainJson {

    /** The deepest nesting accepted by {@link #parse}. */
    public static final int MAX_DEPTH = JsonValues.MAX_DEPTH;
    /** The longest text accepted by {@link #parse}, in chars (16 Mi). */
    public static final int MAX_CHARS = JsonValues.MAX_CHARS;

    private PlainJson() {}

    /**
     * Parses one JSON document strictly (RFC 8259; no comments, single quotes, {@code NaN} or trailing data).
     *
     * @throws JsonInputException naming the path where reading stopped, also for nesting deeper than
     *     {@link #MAX_DEPTH} or text over 16 Mi chars
     */
    public static Object parse(String json) {
        return JsonValues.parse(json);
    }

    /** Compact text in map order, as Python's {@code json.dumps(v, separators=(",", ":"))}. */
    public static String compact(Object value) {
        return JsonText.compact(value, false);
    }

    /**
     * Compact text in map order with non-ASCII characters written as themselves, as Python's
     * {@code json.dumps(v, separators=(",", ":"), ensure_ascii=False)}: the form of every body and stream line of
     * the worker protocol.
     */
    public static String compactUnicode(Object value) {
        return JsonText.compactUnicode(value);
    }

    /** Indented text in map order, as Python's {@code json.dumps(v, indent=2)}. */
    public static String pretty(Object value) {
        return JsonText.pretty(value);
    }
}
