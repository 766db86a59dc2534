package dev.cordon.runtime.internal.shell;

import java.util.Optional;

/**
 * Finds where JSON text typed at the shell is wrong, to say so in Cordon's words: the line and column of the first
 * character that cannot be JSON and what was expected there. It checks syntax only; values are read by the wire's
 * parser once the text passes.
 */
final class JsonSyntax {

    /** Where the text is wrong and what was expected there. */
    record Problem(int line, int column, String expected) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + expected;
        }
    }

    private final String text;
    private int pos;

    private JsonSyntax(String text) {
        this.text = text;
    }

    /** The first syntax problem of {@code text}; empty when it is one well-formed JSON value. */
    static Optional<Problem> check(String text) {
        JsonSyntax s = new JsonSyntax(text);
        try {
            s.value();
            s.space();
            if (s.pos < text.length()) {
                throw s.problem("the end of the text after one JSON value (quote the whole value once)");
            }
            return Optional.empty();
        } catch (ProblemFound p) {
            return Optional.of(p.problem);
        }
    }

    private static final class ProblemFound extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        ProblemFound(Problem problem) {
            super(problem.toString(), null, false, false);
            this.problem = problem;
        }
    }

    private ProblemFound problem(String expected) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        String found = pos >= text.length() ? "the text ends" : "found '" + text.charAt(pos) + "'";
        return new ProblemFound(new Problem(line, column, "expected " + expected + ", " + found));
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean at(char c) {
        space();
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c, String what) {
        if (!at(c)) {
            throw problem(what);
        }
        pos++;
    }

    private void value() {
        space();
        if (pos >= text.length()) {
            throw problem("a JSON value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
            default -> {
                if (c == '-' || Character.isDigit(c)) {
                    number();
                } else {
                    throw problem(
                            "a JSON value (a text in double quotes, a number, true, false, null, {...} or" + " [...])");
                }
            }
        }
    }

    private void object() {
        pos++;
        if (at('}')) {
            pos++;
            return;
        }
        while (true) {
            if (!at('"')) {
                throw problem("a key in double quotes");
            }
            string();
            expect(':', "':' after the key");
            value();
            if (at(',')) {
                pos++;
                continue;
            }
            expect('}', "',' or '}' after a value in an object");
            return;
        }
    }

    private void array() {
        pos++;
        if (at(']')) {
            pos++;
            return;
        }
        while (true) {
            value();
            if (at(',')) {
                pos++;
                continue;
            }
            expect(']', "',' or ']' after a value in a list");
            return;
        }
    }

    private void string() {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\') {
                pos++;
                if (pos >= text.length() || "\"\\/bfnrtu".indexOf(text.charAt(pos)) < 0) {
                    throw problem("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)");
                }
            } else if (c < 0x20) {
                throw problem("no control character inside a text (write \\n for a line break)");
            }
            pos++;
        }
        throw problem("the closing '\"' of a text");
    }

    private void word(String word) {
        if (!text.startsWith(word, pos)) {
            throw problem("a JSON value (texts need double quotes)");
        }
        pos += word.length();
    }

    private void number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        if (pos == start) {
            throw problem("a number");
        }
    }

    private void digits() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw problem("a digit");
        }
    }
}
