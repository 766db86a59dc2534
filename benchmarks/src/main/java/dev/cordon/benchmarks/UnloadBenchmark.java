package dev.cordon.benchmarks;

import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Load/unload pairs of the echo example on the Java and the Python worker, interleaved: each pair starts a worker
 * through the real launcher and initializes it (the load), then unloads it as the manager does. The plugin's own
 * {@code cleanup()} is timed apart first ({@code POST /cleanup}); the unload is then what the manager's unload does
 * after it — the client closed and the launcher's stop ({@code /cleanup}, now a no-op for the plugin, SIGTERM, the
 * exit observed and the process group reaped). One JSON line per worker; {@code unclean_stops} counts workers that
 * did not exit with status 0 (killed at the end of the ladder), whose log is named on standard error.
 *
 * <p>System properties: {@code cordon.worker.lib}, {@code cordon.worker.python}, {@code cordon.examples},
 * {@code pairs} (default 20).
 */
public final class UnloadBenchmark {

    private static final Duration CALL = Duration.ofSeconds(30);
    /** The manager's default stop grace ({@code cordon.plugins.stop.grace.ms}). */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private UnloadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pairs = Integer.getInteger("pairs", 20);
        Path work = WorkFolder.create("cordon-bench-unload");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
        Map<BenchWorkers, List<Double>> unloads = new EnumMap<>(BenchWorkers.class);
        Map<BenchWorkers, List<Double>> cleanups = new EnumMap<>(BenchWorkers.class);
        Map<BenchWorkers, Integer> unclean = new EnumMap<>(BenchWorkers.class);
        try (ProxyTransport transport = new ProxyTransport(1)) {
            // One pair each first, not counted: class loading and the first JIT work on this side.
            for (int pair = -1; pair < pairs; pair++) {
                for (BenchWorkers kind : BenchWorkers.values()) {
                    WorkerHandle handle = kind.launch(launcher, work, kind.wire() + "-" + pair);
                    WorkerClient client = new WorkerClient(handle, kind.wire(), transport, 2);
                    client.call(Endpoint.INITIALIZE, Map.of(), CALL);
                    long t0 = System.nanoTime();
                    client.call(Endpoint.CLEANUP, null, CALL);
                    long t1 = System.nanoTime();
                    client.close();
                    int status = handle.stop(GRACE);
                    long t2 = System.nanoTime();
                    if (pair >= 0) {
                        if (status != 0) {
                            // Killed at the end of the ladder, or exited with an error: counted, and kept in the
                            // figures, since an unload took that long.
                            System.err.println(kind.wire() + " worker " + handle.pid() + " ended with " + status
                                    + " at its stop; its log: " + handle.logFile());
                            unclean.merge(kind, 1, Integer::sum);
                        }
                        cleanups.computeIfAbsent(kind, k -> new ArrayList<>()).add((t1 - t0) / 1e6);
                        unloads.computeIfAbsent(kind, k -> new ArrayList<>()).add((t2 - t1) / 1e6);
                    }
                }
            }
        } finally {
            launcher.close();
        }
        for (BenchWorkers kind : BenchWorkers.values()) {
            List<Double> u = unloads.get(kind);
            Collections.sort(u);
            System.out.printf(
                    "{\"bench\": \"unload\", \"worker\": \"%s\", \"pairs\": %d, \"unload_p50_ms\": %.1f,"
                            + " \"unload_min_ms\": %.1f, \"unload_max_ms\": %.1f, \"cleanup_p50_ms\": %.1f,"
                            + " \"unclean_stops\": %d}%n",
                    kind.wire(),
                    pairs,
                    median(u),
                    u.get(0),
                    u.get(u.size() - 1),
                    median(cleanups.get(kind)),
                    unclean.getOrDefault(kind, 0));
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
