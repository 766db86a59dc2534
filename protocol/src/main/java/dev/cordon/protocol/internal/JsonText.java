package dev.cordon.protocol.internal;

import dev.cordon.protocol.json.JsonInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes plain Java values as JSON text byte-compatible with Python's {@code json.dumps}: with
 * {@code ensure_ascii=True}, compact ({@code ,} and {@code :}), optionally with keys sorted by code point, or
 * pretty ({@code indent=2}); or compact with {@code ensure_ascii=False}, as the worker protocol writes.
 *
 * <p>Unlike Python, a value JSON cannot carry is refused with a {@link JsonInputException} naming its path: NaN and
 * infinite numbers (Python writes {@code NaN}/{@code Infinity}, which no JSON reader accepts), objects that are not
 * plain JSON values, and nesting deeper than a given limit.
 */
public final class JsonText {

    /** No nesting limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private JsonText() {}

    /** Compact text, separators {@code ,} and {@code :}. */
    public static String compact(Object value, boolean sortKeys) {
        return compact(value, sortKeys, UNLIMITED);
    }

    /** Compact text in map order whose arrays and objects nest at most {@code maxDepth} levels. */
    public static String compact(Object value, boolean sortKeys, int maxDepth) {
        StringBuilder out = new StringBuilder();
        write(out, value, sortKeys, -1, true, maxDepth);
        return out.toString();
    }

    /**
     * Compact text in map order with non-ASCII characters as themselves ({@code ensure_ascii=False}); control
     * characters and lone surrogates are still escaped, so the text is one line of valid UTF-8 once encoded.
     * Arrays and objects nest at most {@code maxDepth} levels.
     */
    public static String compactUnicode(Object value, int maxDepth) {
        StringBuilder out = new StringBuilder();
        write(out, value, false, -1, false, maxDepth);
        return out.toString();
    }

    /** Python's {@code json.dumps(value, indent=2)}: keys in map order, separators {@code ,} and {@code ": "}. */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, false, 2, true, UNLIMITED);
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

    private static void write(
            StringBuilder out, Object value, boolean sortKeys, int indent, boolean ascii, int maxDepth) {
        try {
            new Writer(out, sortKeys, indent, ascii, maxDepth).write(value, 0);
        } catch (Unwritable e) {
            throw new JsonInputException("$" + e.path(), e.getMessage(), e.reason);
        }
    }

    /** One text being written; the settings travel with it rather than through every call. */
    private record Writer(StringBuilder out, boolean sortKeys, int indent, boolean ascii, int maxDepth) {

        private void write(Object value, int level) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String s) {
                string(out, s, ascii);
            } else if (value instanceof Boolean b) {
                out.append(b ? "true" : "false");
            } else if (value instanceof Long l) {
                out.append(l.longValue());
            } else if (value instanceof Integer
                    || value instanceof Short
                    || value instanceof Byte
                    || value instanceof BigInteger) {
                out.append(value);
            } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new Unwritable(
                            JsonInputException.Reason.NON_FINITE,
                            PythonFloat.repr(d) + " is not a JSON number; JSON numbers must be finite");
                }
                out.append(PythonFloat.repr(d));
            } else if (value instanceof Map<?, ?> map) {
                depth(level);
                object(map, level);
            } else if (value instanceof Collection<?> list) {
                depth(level);
                array(list, level);
            } else {
                throw new Unwritable(
                        JsonInputException.Reason.MALFORMED,
                        "not a JSON value: " + value.getClass().getName());
            }
        }

        private void depth(int level) {
            if (level >= maxDepth) {
                throw new Unwritable(JsonInputException.Reason.TOO_DEEP, "nesting deeper than " + maxDepth + " levels");
            }
        }

        private void object(Map<?, ?> map, int level) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            if (sortKeys) {
                sortedObject(map, level);
                return;
            }
            // Map order: one pass over the entries, no key list and no look-up per key.
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                member(key(entry.getKey()), entry.getValue(), first, level);
                first = false;
            }
            newline(out, indent, level);
            out.append('}');
        }

        private void sortedObject(Map<?, ?> map, int level) {
            List<String> keys = new ArrayList<>(map.size());
            for (Object key : map.keySet()) {
                keys.add(key(key));
            }
            keys.sort(JsonText::compareCodePoints);
            out.append('{');
            boolean first = true;
            for (String key : keys) {
                member(key, map.get(key), first, level);
                first = false;
            }
            newline(out, indent, level);
            out.append('}');
        }

        private static String key(Object key) {
            if (key instanceof String s) {
                return s;
            }
            throw new Unwritable(JsonInputException.Reason.MALFORMED, "object keys must be strings, got " + key);
        }

        private void member(String key, Object value, boolean first, int level) {
            separator(out, first, indent, level + 1);
            string(out, key, ascii);
            out.append(indent < 0 ? ":" : ": ");
            try {
                write(value, level + 1);
            } catch (Unwritable e) {
                throw e.under("." + key);
            }
        }

        private void array(Collection<?> list, int level) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            int index = 0;
            for (Object item : list) {
                separator(out, first, indent, level + 1);
                first = false;
                try {
                    write(item, level + 1);
                } catch (Unwritable e) {
                    throw e.under("[" + index + "]");
                }
                index++;
            }
            newline(out, indent, level);
            out.append(']');
        }
    }

    /** A value that has no JSON text; the path is collected on the way out, so writing pays nothing for it. */
    private static final class Unwritable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient JsonInputException.Reason reason;
        private final ArrayDeque<String> segments = new ArrayDeque<>();

        Unwritable(JsonInputException.Reason reason, String problem) {
            super(problem, null, false, false);
            this.reason = reason;
        }

        Unwritable under(String segment) {
            segments.addFirst(segment);
            return this;
        }

        String path() {
            return String.join("", segments);
        }
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
