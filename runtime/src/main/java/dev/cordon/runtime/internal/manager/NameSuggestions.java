package dev.cordon.runtime.internal.manager;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The known names close to a name that is not known: within an edit distance of two (ignoring case), or one starting
 * with the other; nearest first, at most three.
 */
final class NameSuggestions {

    private static final int MAX_DISTANCE = 2;
    private static final int MAX_SUGGESTIONS = 3;

    private record Scored(String name, int distance) {}

    private NameSuggestions() {}

    static List<String> closest(String name, Collection<String> known) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return known.stream()
                .map(k -> new Scored(k, distance(wanted, k.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance() <= MAX_DISTANCE
                        || isPrefix(wanted, s.name().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(MAX_SUGGESTIONS)
                .map(Scored::name)
                .toList();
    }

    private static boolean isPrefix(String a, String b) {
        return !a.isEmpty() && !b.isEmpty() && (a.startsWith(b) || b.startsWith(a));
    }

    /** Levenshtein distance: insertions, deletions and substitutions, each costing one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
