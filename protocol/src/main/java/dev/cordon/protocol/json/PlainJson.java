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
     *     {@link #MAX_DEPTH}, text over 16 Mi chars, or a number beyond the range of a double ({@code 1e999})
     */
    public static Object parse(String json) {
        return JsonValues.parse(json);
    }

    /**
     * Parses one JSON document whose arrays and objects nest at most {@code maxDepth} levels.
     *
     * @throws JsonInputException as {@link #parse(String)}
     */
    public static Object parse(String json, int maxDepth) {
        return JsonValues.parse(json, maxDepth);
    }

    /**
     * Compact text in map order, as Python's {@code json.dumps(v, separators=(",", ":"))}.
     *
     * @throws JsonInputException naming the path of a value JSON cannot carry: NaN or an infinite number (which
     *     Python would write as {@code NaN}/{@code Infinity}, text no JSON reader accepts) or a non-JSON object
     */
    public static String compact(Object value) {
        return JsonText.compact(value, false);
    }

    /**
     * Compact text as {@link #compact(Object)}, refusing arrays and objects nested deeper than {@code maxDepth}.
     *
     * @throws JsonInputException as {@link #compact(Object)}, and with {@link JsonInputException.Reason#TOO_DEEP}
     */
    public static String compact(Object value, int maxDepth) {
        return JsonText.compact(value, false, maxDepth);
    }

    /**
     * Compact text in map order with non-ASCII characters written as themselves, as Python's
     * {@code json.dumps(v, separators=(",", ":"), ensure_ascii=False)}: the form of every body and stream line of
     * the worker protocol. Nesting deeper than {@link #MAX_DEPTH} is refused, as the reader would refuse it.
     *
     * @throws JsonInputException as {@link #compact(Object)}, and with {@link JsonInputException.Reason#TOO_DEEP}
     */
    public static String compactUnicode(Object value) {
        return JsonText.compactUnicode(value, MAX_DEPTH);
    }

    /** Indented text in map order, as Python's {@code json.dumps(v, indent=2)}. */
    public static String pretty(Object value) {
        return JsonText.pretty(value);
    }
}
