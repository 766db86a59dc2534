package dev.cordon.boot.internal.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Gogo command line into its top-level statements, so each statement's result is printed: Gogo
 * itself returns only the last one. A {@code ;} or newline separates statements unless it is inside quotes,
 * braces, brackets or parentheses, or escaped with a backslash.
 */
final class Statements {

    private Statements() {}

    /** The statements of {@code line} in order, trimmed; empty statements are dropped. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quote != '\'' && i + 1 < line.length()) {
                current.append(c).append(line.charAt(++i));
                continue;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '{', '[', '(' -> depth++;
                case '}', ']', ')' -> depth = Math.max(0, depth - 1);
                default -> {}
            }
            if ((c == ';' || c == '\n' || c == '\r') && depth == 0) {
                add(out, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(out, current);
        return List.copyOf(out);
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
