package dev.cordon.protocol.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the JSON documents a worker and its host exchange by the thousand — small, plain, well formed — that
 * allocates nothing beyond the values it returns (Gson's reader allocates about 2.5 KB of buffers per document, which
 * on a stream of short lines costs more than the parsing). It accepts a strict subset of JSON and gives up
 * ({@link #GAVE_UP}) on anything else: a {@code \}{@code u} escape, a control character in a string, a number beyond
 * a double's range, nesting deeper than the limit, any syntax error. {@link JsonValues} then parses the text with
 * Gson, which produces the value or the error with its path; so for every text this parser accepts, the two give
 * equal values.
 */
final class QuickJson {

    /** Returned when the text is outside what this parser reads; the caller parses it the thorough way. */
    static final Object GAVE_UP = new Object();

    private final String text;
    private final int maxDepth;
    private int pos;

    private QuickJson(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** The value of {@code text}, or {@link #GAVE_UP}. */
    static Object parse(String text, int maxDepth) {
        QuickJson p = new QuickJson(text, maxDepth);
        try {
            Object value = p.value(0);
            p.skipWhitespace();
            return p.pos == text.length() ? value : GAVE_UP;
        } catch (GiveUp e) {
            return GAVE_UP;
        }
    }

    private Object value(int depth) {
        skipWhitespace();
        if (pos >= text.length()) {
            throw GiveUp.INSTANCE;
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw GiveUp.INSTANCE;
        }
    }

    private Map<String, Object> object(int depth) {
        if (depth >= maxDepth) {
            throw GiveUp.INSTANCE;
        }
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw GiveUp.INSTANCE;
            }
            String key = string();
            skipWhitespace();
            expect(':');
            // A repeated key keeps its first position and takes its last value, as JsonValues does.
            map.put(key, value(depth + 1));
            if (closedBy('}')) {
                return map;
            }
        }
    }

    private List<Object> array(int depth) {
        if (depth >= maxDepth) {
            throw GiveUp.INSTANCE;
        }
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value(depth + 1));
            if (closedBy(']')) {
                return list;
            }
        }
    }

    /** After a member: {@code true} at the closing character, {@code false} past a comma; anything else gives up. */
    private boolean closedBy(char close) {
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == close) {
            return true;
        }
        if (c != ',') {
            throw GiveUp.INSTANCE;
        }
        return false;
    }

    private String string() {
        int start = ++pos;
        StringBuilder escaped = null;
        int from = start;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String tail = text.substring(from, pos++);
                return escaped == null ? tail : escaped.append(tail).toString();
            }
            if (c < 0x20) {
                throw GiveUp.INSTANCE;
            }
            if (c == '\\') {
                if (escaped == null) {
                    escaped = new StringBuilder();
                }
                escaped.append(text, from, pos);
                escaped.append(unescape(pos + 1 < text.length() ? text.charAt(pos + 1) : 'u'));
                pos += 2;
                from = pos;
                continue;
            }
            pos++;
        }
        throw GiveUp.INSTANCE;
    }

    private static char unescape(char c) {
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            // \\u escapes (and lone surrogates among them) are left to the thorough parser.
            default -> throw GiveUp.INSTANCE;
        };
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        char first = peek();
        if (first == '0') {
            pos++;
        } else if (first >= '1' && first <= '9') {
            digits();
        } else {
            throw GiveUp.INSTANCE;
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (digits() == 0) {
                throw GiveUp.INSTANCE;
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw GiveUp.INSTANCE;
            }
        }
        Object number = JsonValues.number(text.substring(start, pos));
        if (number instanceof Double d && d.isInfinite()) {
            throw GiveUp.INSTANCE;
        }
        return number;
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw GiveUp.INSTANCE;
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw GiveUp.INSTANCE;
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw GiveUp.INSTANCE;
        }
        return text.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** Unwinds a parse that left the subset; shared and without a stack trace, as it says nothing by itself. */
    private static final class GiveUp extends RuntimeException {
        static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }
}
