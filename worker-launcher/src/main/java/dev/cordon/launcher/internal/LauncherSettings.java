package dev.cordon.launcher.internal;

import dev.cordon.api.error.TracebackPolicy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the launcher starts workers, from the {@link LauncherConfiguration} (the host configuration {@code dev.cordon.host}), each key
 * falling back to the framework or system property of the same name:
 * <ul>
 *   <li>{@code cordon.worker.lib}: the Java worker's module path, a folder of jars (the worker, api, manifest,
 *       Netty, Gson); default {@code <cordon.home>/lib/worker}.</li>
 *   <li>{@code cordon.worker.java}: the {@code java} executable of Java workers (a manifest's
 *       {@code install.java_path} wins); default the host's own JVM. On JDK 25 and later workers start from an AOT
 *       cache per plugin, on JDK 17–24 from a dynamic class-data archive (see {@link StartArchives}).</li>
 *   <li>{@code cordon.worker.python}: Cordon's Python worker script {@code cordon_worker.py}; default
 *       {@code <cordon.home>/lib/python/cordon_worker.py}.</li>
 *   <li>{@code cordon.worker.env.allow}: comma-separated names of host variables a worker inherits, a trailing
 *       {@code *} matching a prefix; default {@value #DEFAULT_ALLOWLIST}.</li>
 *   <li>{@code cordon.worker.env.inherit}: {@code true} to pass the host's whole environment to every worker.</li>
 *   <li>{@code cordon.worker.jvm.args}: space-separated default JVM options of Java workers (a manifest's
 *       {@code jvm_args} come after them and so win); default {@value #DEFAULT_JVM_ARGS}.</li>
 *   <li>{@code cordon.worker.log.max.bytes}: a log file larger than this at spawn is rotated to {@code .1};
 *       default 10 MiB.</li>
 *   <li>{@code cordon.worker.traceback}: {@code full}, {@code repr_only} or {@code none}.</li>
 *   <li>{@code cordon.worker.max.body.bytes}: the workers' request body limit; default 64 MiB.</li>
 *   <li>{@code cordon.worker.stop.grace.ms}: how long {@code /cleanup} and SIGTERM each get before SIGKILL of the
 *       worker's process group, at least (a caller may give more: {@link ProcessWorkerHandle#stop}); default 2000.</li>
 *   <li>{@code cordon.worker.cds.dir}: where Java workers' start-up archives (AOT caches, class-data archives) are kept
 *       (see {@link StartArchives}); default {@code <cordon.data>/cds}, or none (no archive) when {@code cordon.data}
 *       is unset; {@code none} turns archives off.</li>
 *   <li>{@code cordon.worker.spares}: how many workers to keep started ahead of need for each plugin launched
 *       (see {@link SpareWorkers}); default 0, none.</li>
 *   <li>{@code cordon.worker.spares.check.ms}: how often spares whose manifest was removed or changed are
 *       stopped; default 10000.</li>
 *   <li>{@code cordon.worker.plugin.data.dir}: the folder of the plugins' own data folders
 *       ({@code CORDON_PLUGIN_DATA_DIR}, see {@link PluginFolders}); default {@code <cordon.data>/plugin-data};
 *       {@code none} turns it off.</li>
 *   <li>{@code cordon.worker.models.dir}: the models folder plugins share ({@code CORDON_MODELS_DIR}); default
 *       {@code <cordon.data>/models}; {@code none} turns it off.</li>
 * </ul>
 */
public record LauncherSettings(
        Path workerLib,
        Path pythonWorker,
        List<String> envAllowlist,
        boolean inheritEnv,
        List<String> jvmArgs,
        long maxLogBytes,
        TracebackPolicy tracebackPolicy,
        int maxBodyBytes,
        long stopGraceMillis,
        Optional<Path> cdsDir,
        int spares,
        long sparesCheckMillis,
        Optional<String> workerJava,
        PluginFolders pluginFolders) {

    /** The default allowlist of inherited host variables. */
    public static final String DEFAULT_ALLOWLIST = "PATH,HOME,USER,LANG,LC_*,TZ,TMPDIR,JAVA_HOME,CUDA_*";
    /**
     * Small-footprint defaults for a worker JVM: the serial collector, small stacks and heap start, a bounded code
     * cache, and the client compiler only (measured on the benchmarks: it starts faster, uses about 5 MB less,
     * and a worker's call path runs as fast as with the full JIT, since the time goes into I/O). Class-data
     * archives are mapped at their preferred address ({@code ArchiveRelocationMode=0}) so their pages stay clean
     * and are shared by every worker instead of being copied into each one. The JVM's own warnings go to stderr
     * (the worker's log): stdout carries the handshake line and nothing else.
     */
    public static final String DEFAULT_JVM_ARGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms8m"
            + " -XX:MaxRAMPercentage=50 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m"
            + " -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Xlog:disable -Xlog:all=warning:stderr";

    /** Copies the lists. */
    public LauncherSettings {
        envAllowlist = List.copyOf(envAllowlist);
        jvmArgs = List.copyOf(jvmArgs);
        cdsDir = Objects.requireNonNullElse(cdsDir, Optional.empty());
        workerJava = Objects.requireNonNullElse(workerJava, Optional.empty());
        pluginFolders = Objects.requireNonNullElse(pluginFolders, PluginFolders.NONE);
    }

    /**
     * Reads the settings; {@code property} answers a key or {@code null}.
     *
     * @throws IllegalArgumentException naming a key whose value is malformed
     */
    public static LauncherSettings from(Function<String, String> property) {
        String home = or(property.apply("cordon.home"), System.getProperty("user.dir"));
        Path lib = Path.of(or(
                property.apply("cordon.worker.lib"),
                Path.of(home, "lib", "worker").toString()));
        // Beside lib/worker, not in it: Python writes __pycache__ next to the script, and the module path must
        // hold only jars.
        Path python = Path.of(or(
                property.apply("cordon.worker.python"),
                Path.of(home, "lib", "python", "cordon_worker.py").toString()));
        return new LauncherSettings(
                lib,
                python,
                split(or(property.apply("cordon.worker.env.allow"), DEFAULT_ALLOWLIST), ","),
                Boolean.parseBoolean(property.apply("cordon.worker.env.inherit")),
                split(or(property.apply("cordon.worker.jvm.args"), DEFAULT_JVM_ARGS), " "),
                number(property, "cordon.worker.log.max.bytes", 10L * 1024 * 1024),
                TracebackPolicy.fromWire(or(property.apply("cordon.worker.traceback"), "full")),
                (int) number(property, "cordon.worker.max.body.bytes", 64L * 1024 * 1024),
                number(property, "cordon.worker.stop.grace.ms", 2000),
                cdsDir(property.apply("cordon.worker.cds.dir"), property.apply("cordon.data")),
                spares(number(property, "cordon.worker.spares", 0)),
                Math.max(100, number(property, "cordon.worker.spares.check.ms", 10_000)),
                Optional.ofNullable(property.apply("cordon.worker.java"))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty()),
                PluginFolders.of(
                        property.apply("cordon.worker.plugin.data.dir"),
                        property.apply("cordon.worker.models.dir"),
                        property.apply("cordon.data")));
    }

    /** The settings from system properties alone. */
    public static LauncherSettings fromSystemProperties() {
        return from(System::getProperty);
    }

    private static Optional<Path> cdsDir(String configured, String data) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim().equals("none") ? Optional.empty() : Optional.of(Path.of(configured.trim()));
        }
        return data == null || data.isBlank() ? Optional.empty() : Optional.of(Path.of(data.trim(), "cds"));
    }

    private static int spares(long n) {
        if (n < 0 || n > 16) {
            throw new IllegalArgumentException("cordon.worker.spares must be between 0 and 16, got " + n);
        }
        return (int) n;
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static List<String> split(String text, String separator) {
        return Arrays.stream(text.split(separator))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static long number(Function<String, String> property, String key, long fallback) {
        String text = property.apply(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + text + "'");
        }
    }
}
