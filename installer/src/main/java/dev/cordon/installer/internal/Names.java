package dev.cordon.installer.internal;

import java.util.Comparator;
import java.util.List;

/** Close names for "did you mean" hints. */
public final class Names {

    private Names() {}

    /** The names within two edits of {@code name}, nearest first, at most three. */
    public static List<String> closest(String name, List<String> names) {
        return names.stream()
                .filter(n -> distance(name, n) <= 2)
                .sorted(Comparator.comparingInt(n -> distance(name, n)))
                .limit(3)
                .toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
