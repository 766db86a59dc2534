package dev.cordon.runtime.internal.manager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the plugin manager works, read from the {@link ManagerConfiguration} (the host configuration {@code dev.cordon.host}), each key
 * falling back to the framework (or system) property of the same name:
 * <ul>
 *   <li>{@code cordon.plugins.paths}: comma-separated manifest folders, searched in order (the first definition of a
 *       name wins); default {@code <cordon.data>/manifests}, then the distribution's examples
 *       ({@code <cordon.home>/examples/manifests}) when that folder exists.</li>
 *   <li>{@code felix.fileinstall.dir}: the deploy folder, whose {@code *.json} manifests are discovered live and
 *       searched after the paths; default {@code <cordon.home>/deploy}.</li>
 *   <li>{@code cordon.plugins.logs}: where worker logs go ({@code <instance>.log}); default
 *       {@code <cordon.data>/logs}.</li>
 *   <li>{@code cordon.plugins.config.strict}: reject config keys the schema does not know (default {@code true});
 *       {@code false} drops them with a warning.</li>
 *   <li>{@code cordon.plugins.drift.detection}: compare the live config schema with the manifest's hash (default
 *       {@code true}).</li>
 *   <li>{@code cordon.plugins.tracking}: record a measured resource sample per call (default {@code true}).</li>
 *   <li>{@code cordon.plugins.retry.max}: how many times a call that failed with a resource error is retried on a
 *       fresh worker (default 2).</li>
 *   <li>{@code cordon.plugins.load.concurrency}: the most loads {@code loadAll} runs at once; 0 means no cap.</li>
 *   <li>{@code cordon.plugins.start.timeout.ms}, {@code cordon.plugins.call.timeout.ms},
 *       {@code cordon.plugins.stop.grace.ms}: the handshake wait, the longest call, the stop grace.</li>
 *   <li>{@code cordon.plugins.cancel.grace.ms}: how long a call that timed out gets, after {@code /cancel}, to end
 *       before its worker is killed and replaced (default 5000).</li>
 *   <li>{@code cordon.plugins.liveness.interval.ms}, {@code cordon.plugins.liveness.timeout.ms}: while a call runs,
 *       its worker must answer {@code /health} within the timeout, asked once per interval, or it is taken for
 *       wedged (stopped, deadlocked), killed and replaced (defaults 5000 and 5000).</li>
 * </ul>
 *
 * @param searchPaths manifest folders in search order
 * @param deployDir the live deploy folder
 * @param logsDir the worker log folder
 * @param strictConfig whether unknown config keys are errors
 * @param driftDetection whether the live schema is compared with the manifest's hash
 * @param resourceTracking whether calls are measured and recorded
 * @param maxRetries retries of a call after a resource error
 * @param loadConcurrency the cap on concurrent loads of {@code loadAll}, 0 for none
 * @param startTimeout the longest wait for a worker's handshake
 * @param callTimeout the longest one call may run
 * @param stopGrace how long a worker gets to exit before it is killed
 * @param cancelGrace how long a timed-out call gets to end after {@code /cancel}
 * @param livenessInterval how often a worker running a call is asked for {@code /health}
 * @param livenessTimeout how long its {@code /health} answer may take
 */
public record ManagerSettings(
        List<Path> searchPaths,
        Path deployDir,
        Path logsDir,
        boolean strictConfig,
        boolean driftDetection,
        boolean resourceTracking,
        int maxRetries,
        int loadConcurrency,
        Duration startTimeout,
        Duration callTimeout,
        Duration stopGrace,
        Duration cancelGrace,
        Duration livenessInterval,
        Duration livenessTimeout) {

    /** Copies the paths; rejects negative counts. */
    public ManagerSettings {
        searchPaths = List.copyOf(searchPaths);
        Objects.requireNonNull(deployDir, "deployDir");
        Objects.requireNonNull(logsDir, "logsDir");
        if (maxRetries < 0 || loadConcurrency < 0) {
            throw new IllegalArgumentException("cordon.plugins.retry.max and cordon.plugins.load.concurrency must not"
                    + " be negative, got " + maxRetries + " and " + loadConcurrency);
        }
    }

    /** Defaults for a data folder and a deploy folder. */
    public static ManagerSettings defaults(Path dataDir, Path deployDir) {
        return from(key -> switch (key) {
            case "cordon.data" -> dataDir.toString();
            case "felix.fileinstall.dir" -> deployDir.toString();
            default -> null;
        });
    }

    /** The data folder: {@code cordon.data}, else {@code <cordon.home>/data}. */
    public static Path dataDir(Function<String, String> property) {
        return Path.of(
                or(property.apply("cordon.data"), home(property).resolve("data").toString()));
    }

    private static Path home(Function<String, String> property) {
        return Path.of(or(property.apply("cordon.home"), System.getProperty("user.dir")));
    }

    /**
     * Reads the settings; {@code property} answers a key or {@code null}.
     *
     * @throws IllegalArgumentException naming a key whose value is malformed
     */
    public static ManagerSettings from(Function<String, String> property) {
        Path home = home(property);
        Path data = dataDir(property);
        Path examples = home.resolve("examples").resolve("manifests");
        String defaultPaths =
                data.resolve("manifests") + (java.nio.file.Files.isDirectory(examples) ? "," + examples : "");
        List<Path> paths = Arrays.stream(
                        or(property.apply("cordon.plugins.paths"), defaultPaths).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Path::of)
                .toList();
        return new ManagerSettings(
                paths,
                Path.of(or(
                        property.apply("felix.fileinstall.dir"),
                        home.resolve("deploy").toString())),
                Path.of(or(
                        property.apply("cordon.plugins.logs"),
                        data.resolve("logs").toString())),
                bool(property, "cordon.plugins.config.strict", true),
                bool(property, "cordon.plugins.drift.detection", true),
                bool(property, "cordon.plugins.tracking", true),
                (int) number(property, "cordon.plugins.retry.max", 2),
                (int) number(property, "cordon.plugins.load.concurrency", 0),
                Duration.ofMillis(number(property, "cordon.plugins.start.timeout.ms", 30_000)),
                Duration.ofMillis(number(property, "cordon.plugins.call.timeout.ms", 600_000)),
                Duration.ofMillis(number(property, "cordon.plugins.stop.grace.ms", 2_000)),
                Duration.ofMillis(number(property, "cordon.plugins.cancel.grace.ms", 5_000)),
                Duration.ofMillis(Math.max(10, number(property, "cordon.plugins.liveness.interval.ms", 5_000))),
                Duration.ofMillis(Math.max(10, number(property, "cordon.plugins.liveness.timeout.ms", 5_000))));
    }

    /** These settings with another search path list. */
    public ManagerSettings withSearchPaths(List<Path> paths) {
        return new ManagerSettings(
                paths,
                deployDir,
                logsDir,
                strictConfig,
                driftDetection,
                resourceTracking,
                maxRetries,
                loadConcurrency,
                startTimeout,
                callTimeout,
                stopGrace,
                cancelGrace,
                livenessInterval,
                livenessTimeout);
    }

    /** These settings with another retry maximum. */
    public ManagerSettings withMaxRetries(int retries) {
        return new ManagerSettings(
                searchPaths,
                deployDir,
                logsDir,
                strictConfig,
                driftDetection,
                resourceTracking,
                retries,
                loadConcurrency,
                startTimeout,
                callTimeout,
                stopGrace,
                cancelGrace,
                livenessInterval,
                livenessTimeout);
    }

    /** These settings with resource tracking on or off. */
    public ManagerSettings withResourceTracking(boolean tracking) {
        return new ManagerSettings(
                searchPaths,
                deployDir,
                logsDir,
                strictConfig,
                driftDetection,
                tracking,
                maxRetries,
                loadConcurrency,
                startTimeout,
                callTimeout,
                stopGrace,
                cancelGrace,
                livenessInterval,
                livenessTimeout);
    }

    /** These settings with drift detection on or off. */
    public ManagerSettings withDriftDetection(boolean detection) {
        return new ManagerSettings(
                searchPaths,
                deployDir,
                logsDir,
                strictConfig,
                detection,
                resourceTracking,
                maxRetries,
                loadConcurrency,
                startTimeout,
                callTimeout,
                stopGrace,
                cancelGrace,
                livenessInterval,
                livenessTimeout);
    }

    /** These settings with another cap on concurrent loads (0 for none). */
    public ManagerSettings withLoadConcurrency(int cap) {
        return new ManagerSettings(
                searchPaths,
                deployDir,
                logsDir,
                strictConfig,
                driftDetection,
                resourceTracking,
                maxRetries,
                cap,
                startTimeout,
                callTimeout,
                stopGrace,
                cancelGrace,
                livenessInterval,
                livenessTimeout);
    }

    /** These settings with other call bounds: the longest call, the cancel grace, the liveness interval and timeout. */
    public ManagerSettings withCallBounds(Duration timeout, Duration grace, Duration interval, Duration answer) {
        return new ManagerSettings(
                searchPaths,
                deployDir,
                logsDir,
                strictConfig,
                driftDetection,
                resourceTracking,
                maxRetries,
                loadConcurrency,
                startTimeout,
                timeout,
                stopGrace,
                grace,
                interval,
                answer);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static boolean bool(Function<String, String> property, String key, boolean fallback) {
        String text = property.apply(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + text + "'");
        };
    }

    private static long number(Function<String, String> property, String key, long fallback) {
        String text = property.apply(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + text + "'", e);
        }
    }
}
