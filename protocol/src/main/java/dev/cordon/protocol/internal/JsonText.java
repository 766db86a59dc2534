package dev.cordon.protocol.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes plain Java values as JSON text byte-compatible with Python's {@code json.dumps}: with
 * {@code ensure_ascii=True}, compact ({@code ,} and {@code :}), optionally with keys sorted by code point, or
 * pretty ({@code indent=2}); or compact with {@code ensure_ascii=False}, as the worker protocol writes.
 */
public final class JsonText {

    private JsonText() {}

    /** Compact text, separators {@code ,} and {@code :}. */
    public static String compact(Object value, boolean sortKeys) {
        StringBuilder out = new StringBuilder();
        write(out, value, sortKeys, -1, 0, true);
        return out.toString();
    }

    /**
     * Compact text in map order with non-ASCII characters as themselves ({@code ensure_ascii=False}); control
     * characters and lone surrogates are still escaped, so the text is one line of valid UTF-8 once encoded.
     */
    public static String compactUnicode(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, false, -1, 0, false);
        return out.toString();
    }

    /** Python's {@code json.dumps(value, indent=2)}: keys in map order, separators {@code ,} and {@code ": "}. */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, false, 2, 0, true);
        return out.toString();
    }

    /** Compares strings by Unicode code point, as Python sorts {@code str}. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void write(StringBuilder out, Object value, boolean sortKeys, int indent, int level,
            boolean ascii) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s, ascii);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            out.append(PythonFloat.repr(((Number) value).doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            object(out, map, sortKeys, indent, level, ascii);
        } else if (value instanceof Collection<?> list) {
            array(out, list, sortKeys, indent, level, ascii);
        } else {
            throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map, boolean sortKeys, int indent, int level,
            boolean ascii) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<String> keys = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            if (!(key instanceof String s)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + key);
            }
            keys.add(s);
        }
        if (sortKeys) {
            keys.sort(JsonText::compareCodePoints);
        }
        out.append('{');
        boolean first = true;
        for (String key : keys) {
            separator(out, first, indent, level + 1);
            first = false;
            string(out, key, ascii);
            out.append(indent < 0 ? ":" : ": ");
            write(out, map.get(key), sortKeys, indent, level + 1, ascii);
        }
        newline(out, indent, level);
        out.append('}');
    }

    private static void array(StringBuilder out, Collection<?> list, boolean sortKeys, int indent, int level,
            boolean ascii) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (Object item : list) {
            separator(out, first, indent, level + 1);
            first = false;
            write(out, item, sortKeys, indent, level + 1, ascii);
        }
        newline(out, indent, level);
        out.append(']');
    }

    private static void separator(StringBuilder out, boolean first, int indent, int level) {
        if (!first) {
            out.append(',');
        }
        newline(out, indent, level);
    }

    private static void newline(StringBuilder out, int indent, int level) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void string(StringBuilder out, String s, boolean ascii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ascii ? c > 0x7e : Character.isSurrogate(c) && !pairedAt(s, i))) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a well-formed pair. */
    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
