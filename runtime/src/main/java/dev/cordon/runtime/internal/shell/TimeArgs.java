package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Reads a point in time given as an age ({@code 10m}, {@code 2h}, {@code 1d}, {@code 30s}) or an ISO-8601 instant. */
final class TimeArgs {

    private TimeArgs() {}

    /** {@code null} for an empty value; otherwise the instant {@code text} names, ages counted back from now. */
    static Instant instant(String text, String option) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notAnInstant) {
            // An age, below.
        }
        String lower = t.toLowerCase(Locale.ROOT);
        try {
            long n = Long.parseLong(lower.substring(0, lower.length() - 1));
            Duration age = switch (lower.charAt(lower.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new NumberFormatException(t);
            };
            return Instant.now().minus(age);
        } catch (RuntimeException e) {
            throw new PluginInputError(
                    option + " '" + text + "' is neither an age (30s, 10m, 2h, 1d) nor an instant"
                            + " (2026-12-01T10:00:00Z)",
                    List.of(option),
                    null);
        }
    }
}
