package dev.cordon.runtime.internal.diagnostics;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.LogUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long and how much of the workers' log lines the diagnostics store keeps: lines older than {@code maxAge} go,
 * then each plugin's oldest lines until what is left fits its size limit (its own from {@code pluginLimits}, else
 * {@code maxBytesPerPlugin}). A zero age or size means no limit of that kind.
 *
 * @param maxAge the oldest a line may get; zero for no limit
 * @param maxBytesPerPlugin the most bytes of lines one plugin keeps; 0 for no limit
 * @param pluginLimits limits of particular plugins, by name
 * @param interval how often the policy is applied
 */
public record RetentionPolicy(
        Duration maxAge, long maxBytesPerPlugin, Map<String, Long> pluginLimits, Duration interval) {

    public RetentionPolicy {
        pluginLimits = Map.copyOf(new TreeMap<>(pluginLimits));
    }

    /** What one application deleted: lines by age, and lines by size per plugin. */
    public record Outcome(long byAge, Map<String, Long> bySize) {}

    /** The limit of {@code plugin}; 0 for none. */
    public long limitOf(String plugin) {
        return pluginLimits.getOrDefault(plugin, maxBytesPerPlugin);
    }

    /** Applies the policy to {@code store} now. */
    Outcome apply(DiagnosticStore store, Instant now) {
        long byAge = maxAge.isZero() ? 0 : store.deleteBefore(now.minus(maxAge));
        Map<String, Long> bySize = new LinkedHashMap<>();
        for (Map.Entry<String, LogUsage> e : store.usage().entrySet()) {
            long limit = limitOf(e.getKey());
            if (limit > 0 && e.getValue().bytes() > limit) {
                bySize.put(e.getKey(), store.trimPlugin(e.getKey(), limit));
            }
        }
        return new Outcome(byAge, bySize);
    }

    /** The policy a configuration describes. */
    static RetentionPolicy of(DiagnosticsConfiguration c) {
        Map<String, Long> limits = new LinkedHashMap<>();
        List<String> entries = java.util.Arrays.stream(c.retention_plugin_limits())
                .flatMap(e -> java.util.Arrays.stream(e.split(",")))
                .toList();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new PluginInputError(
                        "retention.plugin.limits entry '" + entry + "' must read plugin=size, for example echo=10MB",
                        List.of("retention.plugin.limits"),
                        null);
            }
            limits.put(entry.substring(0, eq).trim(), bytes(entry.substring(eq + 1), "retention.plugin.limits"));
        }
        return new RetentionPolicy(
                duration(c.retention_max_age(), "retention.max.age"),
                bytes(c.retention_max_bytes_per_plugin(), "retention.max.bytes.per.plugin"),
                limits,
                duration(c.retention_interval(), "retention.interval"));
    }

    /** A duration as {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, ISO-8601 ({@code PT1H}) or {@code 0}. */
    static Duration duration(String text, String key) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("0")) {
                return Duration.ZERO;
            }
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new NumberFormatException(t);
            };
        } catch (RuntimeException e) {
            throw new PluginInputError(
                    key + " = '" + text + "' is not a duration; write 7d, 12h, 30m, 45s, PT1H or 0 (no limit)",
                    List.of(key),
                    null);
        }
    }

    /** A size as bytes, or with {@code KB}, {@code MB}, {@code GB} (powers of 1024); {@code 0} for no limit. */
    static long bytes(String text, String key) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        try {
            long unit = 1;
            if (t.endsWith("KB") || t.endsWith("MB") || t.endsWith("GB")) {
                unit = t.endsWith("KB") ? 1L << 10 : t.endsWith("MB") ? 1L << 20 : 1L << 30;
                t = t.substring(0, t.length() - 2);
            }
            long n = Long.parseLong(t);
            if (n < 0) {
                throw new NumberFormatException(t);
            }
            return Math.multiplyExact(n, unit);
        } catch (RuntimeException e) {
            throw new PluginInputError(
                    key + " = '" + text + "' is not a size; write bytes or 10KB, 64MB, 1GB, or 0 (no limit)",
                    List.of(key),
                    null);
        }
    }
}
