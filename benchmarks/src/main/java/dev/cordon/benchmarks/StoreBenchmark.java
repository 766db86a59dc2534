package dev.cordon.benchmarks;

import dev.cordon.api.store.ResourceSample;
import dev.cordon.store.sqlite.SqliteConfigStore;
import dev.cordon.store.sqlite.SqliteEmpiricalResourceStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rough figures for the SQLite stores, one JSON line each: resource samples recorded per second from
 * 8 threads (one sample per call through the group-commit writer, and lists of 50 per call), and the
 * median of a config read. Run: {@code benchmarks/run.sh stores}.
 */
public final class StoreBenchmark {

    private static final int THREADS = 8;

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path folder = WorkFolder.create("cordon-bench");
        try (SqliteEmpiricalResourceStore samples = new SqliteEmpiricalResourceStore(folder.resolve("samples.db"))) {
            samples(samples, 1, 2_000); // warm-up
            print("store-samples", "single", samples(samples, 1, 40_000));
            print("store-samples", "batch-50", samples(samples, 50, 200_000));
        }
        try (SqliteConfigStore configs = new SqliteConfigStore(folder.resolve("configs.db"))) {
            for (int i = 0; i < 100; i++) {
                configs.put("plugin-" + i, "{\"model\":\"m-" + i + "\",\"temperature\":0.7,\"max_tokens\":512}", true);
            }
            long[] nanos = new long[20_000];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                configs.get("plugin-" + (i % 100));
                nanos[i] = System.nanoTime() - start;
            }
            long[] measured = Arrays.copyOfRange(nanos, 5_000, nanos.length);
            Arrays.sort(measured);
            System.out.printf(
                    "{\"bench\":\"store-config-read\",\"median_us\":%.1f,\"p99_us\":%.1f}%n",
                    measured[measured.length / 2] / 1000.0, measured[measured.length * 99 / 100] / 1000.0);
        }
    }

    private static double samples(SqliteEmpiricalResourceStore store, int perCall, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        int callsPerThread = total / THREADS / perCall;
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int c = 0; c < callsPerThread; c++) {
                        List<ResourceSample> batch = new ArrayList<>(perCall);
                        for (int k = 0; k < perCall; k++) {
                            batch.add(new ResourceSample(
                                    "instance-" + (thread * 4 + k % 4),
                                    "bench",
                                    "sha256:bench",
                                    k % 10 != 0,
                                    42.0,
                                    512.0,
                                    OptionalDouble.of(1024.0),
                                    0.25,
                                    Map.of("tokens", 100.0),
                                    Instant.now()));
                        }
                        if (perCall == 1) {
                            store.record(batch.get(0));
                        } else {
                            store.recordAll(batch);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return (double) callsPerThread * perCall * THREADS / seconds;
    }

    private static void print(String bench, String mode, double perSecond) {
        System.out.printf(
                "{\"bench\":\"%s\",\"mode\":\"%s\",\"threads\":%d,\"samples_per_s\":%.0f}%n",
                bench, mode, THREADS, perSecond);
    }
}
