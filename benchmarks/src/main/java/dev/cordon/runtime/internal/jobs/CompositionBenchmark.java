package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.benchmarks.WorkFolder;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemorySecretStore;
import dev.cordon.store.sqlite.SqliteEmpiricalResourceStore;
import dev.cordon.store.sqlite.SqliteJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Compositions on the real plugin manager, a real Java worker ({@code echo}) and a SQLite store (WAL): the time a
 * 100-node chain (each node references the one before) and a 100-node fan-out/fan-in (one split, 98 branches each
 * referencing it, one merge referencing every branch) take beyond their calls, per node. One job runs at a time, so
 * the calls never overlap and {@code wall - sum(execute)} is what the composition and the queue add; the same figure
 * for 100 plain jobs submitted one after another is printed beside it. One JSON line per shape.
 *
 * <p>System properties: {@code cordon.worker.lib}, {@code cordon.examples} (as {@link QueueBenchmark}),
 * {@code nodes} (default 100), {@code rounds} (measured per shape, default 7; the median is printed).
 */
public final class CompositionBenchmark {

    private CompositionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int nodes = Integer.getInteger("nodes", 100);
        int rounds = Integer.getInteger("rounds", 7);
        Path work = WorkFolder.create("cordon-bench-compose");
        Path manifests = Files.createDirectories(work.resolve("manifests"));
        QueueBenchmark.manifest(manifests, "echo");
        ManagerSettings settings = ManagerSettings.defaults(work.resolve("data"), work.resolve("deploy"))
                .withSearchPaths(List.of(manifests));
        // One policy for the manager and the queue, as the framework binds one: an allocation the queue acquired is
        // then used by the call as it is.
        PermissiveScheduler policy = new PermissiveScheduler();
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
        try (SqliteEmpiricalResourceStore samples = new SqliteEmpiricalResourceStore(work.resolve("samples.db"));
                SqliteJobStore store = new SqliteJobStore(work.resolve("jobs.db"));
                PluginHost host = new PluginHost(
                        settings,
                        HostServices.of(
                                launcher,
                                policy,
                                new InMemoryConfigStore(),
                                new InMemorySecretStore(),
                                samples,
                                new ProcSystemMonitor(
                                        Path.of("/proc"),
                                        Path.of("/sys/fs/cgroup"),
                                        Optional.empty(),
                                        Duration.ofSeconds(5))))) {
            host.discover();
            host.ensureLoaded("echo");
            QueueThreads threads = new QueueThreads();
            QueueBenchmark.Timed target = new QueueBenchmark.Timed(new ManagerTarget(host, threads.calls()));
            QueueSettings one = new QueueSettings(
                    1,
                    Map.of(Job.DEFAULT_LANE, 1),
                    1_000_000,
                    Duration.ofMillis(250),
                    Duration.ofMillis(500),
                    10,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    "bench");
            try (JobQueueService queue = new JobQueueService(
                            store,
                            target,
                            HubEvents.create(),
                            one,
                            () -> policy,
                            () -> samples,
                            Clock.systemUTC(),
                            threads)
                    .start()) {
                // Warm-up: the JIT, the worker and the store see every path once before anything is measured.
                for (int i = 0; i < 3; i++) {
                    run(queue, target, chain(nodes));
                    run(queue, target, fan(nodes));
                    plain(queue, target, nodes);
                }
                report(
                        "compose-chain",
                        nodes,
                        rounds,
                        () -> run(queue, target, chain(nodes)),
                        () -> plain(queue, target, nodes));
                report(
                        "compose-fan",
                        nodes,
                        rounds,
                        () -> run(queue, target, fan(nodes)),
                        () -> plain(queue, target, nodes));
            }
            host.unloadAll();
        }
    }

    /** Wall time minus the calls' execute time, in ns, of one run. */
    interface Run {
        long[] measure() throws Exception;
    }

    private static void report(String name, int nodes, int rounds, Run composed, Run plain) throws Exception {
        double[] perNode = new double[rounds];
        double[] plainPerJob = new double[rounds];
        double[] wallMs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long[] c = composed.measure();
            long[] p = plain.measure();
            perNode[r] = (c[0] - c[1]) / 1e3 / nodes;
            wallMs[r] = c[0] / 1e6;
            plainPerJob[r] = (p[0] - p[1]) / 1e3 / nodes;
        }
        System.out.printf(
                "{\"bench\": \"%s\", \"nodes\": %d, \"per_node_overhead_us\": %.1f, \"plain_job_overhead_us\": %.1f,"
                        + " \"composition_extra_us\": %.1f, \"wall_ms\": %.1f, \"rounds\": %d}%n",
                name,
                nodes,
                median(perNode),
                median(plainPerJob),
                median(perNode) - median(plainPerJob),
                median(wallMs),
                rounds);
    }

    private static long[] run(JobQueueService queue, QueueBenchmark.Timed target, List<CompositionNode> nodes)
            throws Exception {
        target.record(nodes.size());
        long t0 = System.nanoTime();
        Composition c = queue.submitComposition(nodes, CompositionMode.FAIL_FAST, 0);
        Composition done = queue.compositionCompletion(c.id()).get(120, TimeUnit.SECONDS);
        long wall = System.nanoTime() - t0;
        if (done.status() != JobStatus.COMPLETED) {
            throw new IllegalStateException("composition " + done.id() + " ended " + done.status());
        }
        return new long[] {wall, Arrays.stream(target.stop()).sum()};
    }

    private static long[] plain(JobQueueService queue, QueueBenchmark.Timed target, int n) throws Exception {
        target.record(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Job job = queue.submit("echo", dev.cordon.api.host.Call.kwargs(Map.of("text", "n" + i)), 0);
            Job done = queue.completion(job.id()).get(30, TimeUnit.SECONDS);
            if (done.status() != JobStatus.COMPLETED) {
                throw new IllegalStateException("job " + done.id() + " ended " + done.status());
            }
        }
        return new long[] {System.nanoTime() - t0, Arrays.stream(target.stop()).sum()};
    }

    /** n0 → n1 → … each passing the text on by reference. */
    static List<CompositionNode> chain(int n) {
        return nodes(
                n,
                i -> i == 0
                        ? Map.of("text", "start")
                        : Map.of("text", Map.of("$ref", "n" + (i - 1), "path", "/kwargs/text")));
    }

    /** n0 → n1 … n(n-2) → n(n-1), the last referencing every branch. */
    static List<CompositionNode> fan(int n) {
        List<CompositionNode> out = new ArrayList<>(nodes(
                n - 1,
                i -> i == 0 ? Map.of("text", "split") : Map.of("text", Map.of("$ref", "n0", "path", "/kwargs/text"))));
        List<Object> all = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            all.add(Map.of("$ref", "n" + i, "path", "/kwargs/text"));
        }
        out.add(CompositionNode.of("n" + (n - 1), "echo", Map.of("texts", all)));
        return out;
    }

    private static List<CompositionNode> nodes(int n, IntFunction<Map<String, Object>> kwargs) {
        List<CompositionNode> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(CompositionNode.of("n" + i, "echo", kwargs.apply(i)));
        }
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
