package dev.cordon.benchmarks;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whole-process figures of the Java worker through the real launcher and host proxy, one JSON line each:
 * {@code spawn} (launch → handshake), {@code spawn-spare} (the same with a spare worker waiting), {@code exec-rtt}
 * (1 and 8 callers), {@code stream} and {@code worker-rss}.
 *
 * <p>Needs {@code -Dcordon.worker.lib=<distribution>/lib/worker} and {@code -Dcordon.examples=<repo>/examples}
 * (the examples' {@code target/env} folders); {@code benchmarks/run.sh worker} sets both.
 */
public final class WorkerBenchmark {

    private static final Duration CALL = Duration.ofSeconds(30);
    private static final int WARMUP = Integer.getInteger("warmup", 100_000);
    private static final LauncherSettings SETTINGS = LauncherSettings.fromSystemProperties();

    private WorkerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = WorkFolder.create("cordon-worker-bench");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(SETTINGS);
        List<String> which =
                args.length == 0 ? List.of("spawn", "spawn-spare", "exec-rtt", "stream", "worker-rss") : List.of(args);
        try (ProxyTransport transport = new ProxyTransport(1)) {
            if (which.contains("spawn")) {
                spawn(launcher, dir);
            }
            if (which.contains("spawn-spare")) {
                spawnSpare(dir);
            }
            if (which.contains("exec-rtt")) {
                execRtt(launcher, dir, transport);
            }
            if (which.contains("stream")) {
                stream(launcher, dir, transport);
            }
            if (which.contains("worker-rss")) {
                rss(launcher, dir, transport);
            }
        }
    }

    /**
     * Launch → handshake, each spawn followed by a bare JVM run ({@link BareJvm}) of the worker's JDK with the worker's
     * JVM options: {@code floor_ms} and {@code ratio} come from the same run. The first launch makes the start-up
     * archive (an AOT cache on JDK 25 and later); the spawns are measured once it is in place.
     */
    private static void spawn(ProcessWorkerLauncher launcher, Path dir) throws Exception {
        stop(launch(launcher, dir, "echo", "warm-up"));
        awaitArchive();
        stop(launch(launcher, dir, "echo", "warm-up-2"));
        BareJvm bare = new BareJvm(workerJava(), SETTINGS.jvmArgs());
        long[] ms = new long[10];
        long[] floor = new long[ms.length];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            WorkerHandle h = launch(launcher, dir, "echo", "spawn-" + i);
            ms[i] = (System.nanoTime() - t) / 1_000_000;
            stop(h);
            floor[i] = bare.wallMillis();
        }
        Arrays.sort(ms);
        Arrays.sort(floor);
        long p50 = ms[ms.length / 2];
        long floorP50 = floor[floor.length / 2];
        System.out.printf(
                "{\"bench\": \"spawn\", \"jdk\": %d, \"runs\": %d, \"p50_ms\": %d, \"min_ms\": %d, \"max_ms\": %d,"
                        + " \"floor_ms\": %d, \"ratio\": %.2f}%n",
                BareJvm.feature(workerJava()),
                ms.length,
                p50,
                ms[0],
                ms[ms.length - 1],
                floorP50,
                (double) p50 / floorP50);
    }

    /** The worker's {@code java}: {@code cordon.worker.java}, else the benchmark's own JVM (the launcher's default). */
    private static String workerJava() {
        return SETTINGS.workerJava()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Waits until the first worker's start-up archive and its checksum are in place (at most a minute). */
    private static void awaitArchive() throws Exception {
        Path cds = SETTINGS.cdsDir().orElse(null);
        if (cds == null) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(cds)) {
                try (var files = Files.list(cds)) {
                    if (files.anyMatch(f -> f.toString().endsWith(".crc"))) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        System.err.println("no start-up archive in " + cds + " after a minute; measuring without one");
    }

    /**
     * Launch → ready when a spare worker is waiting ({@code cordon.worker.spares=1}): each launch takes the spare,
     * then the benchmark waits until the launcher has started the next one, as a plugin loaded now and then would.
     */
    private static void spawnSpare(Path dir) throws Exception {
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(
                LauncherSettings.from(key -> key.equals("cordon.worker.spares") ? "1" : System.getProperty(key)));
        try {
            stop(launch(launcher, dir, "echo", "spare-warm-up"));
            long[] us = new long[10];
            for (int i = 0; i < us.length; i++) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (launcher.sparesReady() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(200);
                long t = System.nanoTime();
                WorkerHandle h = launch(launcher, dir, "echo", "spare-" + i);
                us[i] = (System.nanoTime() - t) / 1_000;
                stop(h);
            }
            Arrays.sort(us);
            System.out.printf(
                    "{\"bench\": \"spawn-spare\", \"runs\": %d, \"p50_ms\": %.2f, \"min_ms\": %.2f, "
                            + "\"max_ms\": %.2f}%n",
                    us.length, us[us.length / 2] / 1000.0, us[0] / 1000.0, us[us.length - 1] / 1000.0);
        } finally {
            launcher.close();
        }
    }

    private static void execRtt(ProcessWorkerLauncher launcher, Path dir, ProxyTransport transport) throws Exception {
        WorkerHandle h = launch(launcher, dir, "echo", "rtt");
        try (WorkerClient client = new WorkerClient(h, "echo", transport, 16)) {
            Map<String, Object> kwargs = Map.of("text", "hi");
            // Steady state: both JVMs' JITs finish compiling the call path within this many calls on 2 cores.
            for (int i = 0; i < WARMUP; i++) {
                client.execute(List.of(), kwargs, CALL);
            }
            int calls = 20_000;
            long[] ns = new long[calls];
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t = System.nanoTime();
                client.execute(List.of(), kwargs, CALL);
                ns[i] = System.nanoTime() - t;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(ns);
            System.out.printf(
                    "{\"bench\": \"exec-rtt\", \"callers\": 1, \"p50_us\": %.1f, \"p99_us\": %.1f, "
                            + "\"calls_per_s\": %.0f}%n",
                    ns[calls / 2] / 1e3, ns[calls * 99 / 100] / 1e3, calls / seconds);

            int callers = 8;
            int perCaller = 5_000;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                long t = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perCaller; i++) {
                            client.execute(List.of(), kwargs, CALL);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                double s = (System.nanoTime() - t) / 1e9;
                System.out.printf(
                        "{\"bench\": \"exec-rtt\", \"callers\": %d, \"calls_per_s\": %.0f}%n",
                        callers, callers * perCaller / s);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            stop(h);
        }
    }

    private static void stream(ProcessWorkerLauncher launcher, Path dir, ProxyTransport transport) throws Exception {
        WorkerHandle h = launch(launcher, dir, "streamer", "stream");
        try (WorkerClient client = new WorkerClient(h, "streamer", transport, 4)) {
            long n = 1_000_000;
            drain(client, n); // steady state: as for exec-rtt, let both JITs settle first
            double[] rates = new double[5];
            for (int r = 0; r < rates.length; r++) {
                long t = System.nanoTime();
                long got = drain(client, n);
                rates[r] = got / ((System.nanoTime() - t) / 1e9);
            }
            Arrays.sort(rates);
            System.out.printf(
                    "{\"bench\": \"stream\", \"chunks\": %d, \"runs\": %d, \"chunks_per_s\": %.0f, "
                            + "\"min_chunks_per_s\": %.0f, \"max_chunks_per_s\": %.0f}%n",
                    n, rates.length, rates[rates.length / 2], rates[0], rates[rates.length - 1]);
        } finally {
            stop(h);
        }
    }

    private static long drain(WorkerClient client, long n) {
        long got = 0;
        try (var chunks = client.executeStream(List.of(), Map.of("n", n), CALL)) {
            while (chunks.hasNext()) {
                chunks.next();
                got++;
            }
        }
        if (got != n) {
            throw new IllegalStateException("expected " + n + " chunks, got " + got);
        }
        return got;
    }

    /**
     * Idle resident memory of an echo worker as its {@code /stats} reports it, and its proportional share (PSS)
     * while a second echo worker runs beside it: pages both map from the same files (the JVM, the class-data
     * archive) count half, which is what each further worker really adds. {@code floor_mb} is the peak RSS of a bare
     * JVM run of the same JDK and options ({@link BareJvm}), {@code ratio} the worker's RSS over it.
     */
    private static void rss(ProcessWorkerLauncher launcher, Path dir, ProxyTransport transport) throws Exception {
        stop(launch(launcher, dir, "echo", "rss-warm-up"));
        awaitArchive();
        WorkerHandle h = launch(launcher, dir, "echo", "rss");
        WorkerHandle twin = launch(launcher, dir, "echo", "rss-twin");
        try (WorkerClient client = new WorkerClient(h, "echo", transport, 1);
                WorkerClient other = new WorkerClient(twin, "echo", transport, 1)) {
            client.execute(List.of(), Map.of("text", "hi"), CALL);
            other.execute(List.of(), Map.of("text", "hi"), CALL);
            Thread.sleep(1_000);
            double rss =
                    ((Number) ((Map<?, ?>) client.call(Endpoint.STATS, null, CALL)).get("memory_rss_mb")).doubleValue();
            BareJvm bare = new BareJvm(workerJava(), SETTINGS.jvmArgs());
            double[] floor = new double[3];
            for (int i = 0; i < floor.length; i++) {
                floor[i] = bare.peakRssMb();
            }
            Arrays.sort(floor);
            System.out.printf(
                    "{\"bench\": \"worker-rss\", \"jdk\": %d, \"plugin\": \"echo\", \"rss_mb\": %.1f, \"pss_mb\": %.2f,"
                            + " \"floor_mb\": %.1f, \"ratio\": %.2f}%n",
                    BareJvm.feature(workerJava()), rss, pssKb(h.pid()) / 1024.0, floor[1], rss / floor[1]);
        } finally {
            stop(twin);
            stop(h);
        }
    }

    private static long pssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no Pss line in /proc/" + pid + "/smaps_rollup");
    }

    private static WorkerHandle launch(ProcessWorkerLauncher launcher, Path dir, String example, String instance)
            throws Exception {
        Path env = Path.of(System.getProperty("cordon.examples", "examples"), example, "target", "env")
                .toAbsolutePath();
        Path manifest = dir.resolve(example + ".json");
        if (!Files.exists(manifest)) {
            Files.writeString(manifest, """
                    {"format_version": "2.0",
                     "install": {"python_path": "", "runtime": "java", "env_dir": "%s"},
                     "code": {"name": "%s", "version": "1.0.0", "description": "", "module": "", "class": "",
                              "interface": "dev.cordon.api.plugin.Plugin"},
                     "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                    """.formatted(env, example));
        }
        return launcher.launch(
                PluginLoadSpec.of(example, manifest),
                new LaunchOptions(instance, Map.of(), dir.resolve(instance + ".log"), Duration.ofSeconds(60)));
    }

    private static void stop(WorkerHandle h) {
        h.stop(Duration.ofSeconds(5));
    }
}
