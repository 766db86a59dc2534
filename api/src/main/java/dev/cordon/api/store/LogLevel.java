package dev.cordon.api.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The level of a worker log line, least severe first. {@link #OUTPUT} is raw standard output or error that did not
 * come through the worker's log format (a plugin's {@code print}, an interpreter's traceback).
 */
public enum LogLevel {
    OUTPUT,
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR;

    /**
     * The level a worker wrote as {@code name}: {@code WARNING} reads as {@link #WARN}, {@code CRITICAL},
     * {@code FATAL} and {@code SEVERE} as {@link #ERROR}, {@code FINE} as {@link #DEBUG}; case is ignored.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static LogLevel parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return switch (n) {
            case "WARNING" -> WARN;
            case "CRITICAL", "FATAL", "SEVERE" -> ERROR;
            case "FINE", "FINER", "FINEST" -> DEBUG;
            default -> {
                try {
                    yield valueOf(n);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "Unknown log level '" + name + "'; use one of " + java.util.Arrays.toString(values()));
                }
            }
        };
    }

    /** This level and every more severe one; for {@link #OUTPUT}, only {@link #OUTPUT}. */
    public Set<LogLevel> andAbove() {
        return this == OUTPUT ? EnumSet.of(OUTPUT) : EnumSet.range(this, ERROR);
    }
}
