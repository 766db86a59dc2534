package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.CallRetry;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.benchmarks.WorkFolder;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.manager.Granted;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemorySecretStore;
import dev.cordon.store.sqlite.SqliteEmpiricalResourceStore;
import dev.cordon.store.sqlite.SqliteJobStore;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The job queue on the real plugin manager, real Java workers and a SQLite job store (WAL): the overhead a job adds to
 * its execute (p50/p99, one job at a time), sustained jobs per second (one lane on one worker; four lanes over two
 * instances), and the time from a cancel to {@code cancelled} for a plugin that honours it ({@code slow}) and to the
 * lane running again for one that ignores it ({@code stubborn}). One JSON line per figure.
 *
 * <p>System properties: {@code cordon.worker.lib}, {@code cordon.examples} (as {@link
 * dev.cordon.benchmarks.ManagerExecBenchmark}), {@code jobs} (per measured phase, default 5000), {@code warmup}
 * (the fewest warm-up jobs before the one-lane phases, default 5000; rounds go on until the JIT is quiet, at most
 * 90 s), {@code cancel.timeout.ms} (default 1000).
 */
public final class QueueBenchmark {

    private QueueBenchmark() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("jobs", 5000);
        int warmup = Integer.getInteger("warmup", 5000);
        long cancelTimeoutMs = Long.getLong("cancel.timeout.ms", 1000);
        Path work = WorkFolder.create("cordon-bench-queue");
        Path manifests = Files.createDirectories(work.resolve("manifests"));
        for (String example : List.of("echo", "slow", "stubborn")) {
            manifest(manifests, example);
        }
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
            host.load(new PluginLoadSpec(
                    "echo", manifests.resolve("echo.json"), Optional.of("echo-2"), false, Optional.empty()));
            host.ensureLoaded("slow");
            host.ensureLoaded("stubborn");
            QueueThreads threads = new QueueThreads();
            ProcSystemMonitor monitor = new ProcSystemMonitor(
                    Path.of("/proc"), Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(5));
            Timed target = new Timed(new ManagerTarget(host, threads.calls(), () -> monitor));
            QueueSettings one = settings(1, Map.of(Job.DEFAULT_LANE, 1), cancelTimeoutMs);
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
                Call call = Call.kwargs(Map.of("text", "hi"));
                List<String> echo = List.of("echo");
                List<String> oneLane = List.of(Job.DEFAULT_LANE);
                warmUp("one lane", warmup, 2 * WARM_UP_ROUND, () -> {
                    sequential(queue, call, WARM_UP_ROUND, null);
                    throughput(queue, call, WARM_UP_ROUND, echo, oneLane, false);
                });
                overhead(queue, target, call, jobs);
                throughput(queue, call, jobs, echo, oneLane, true);
                Map<String, Integer> four = new LinkedHashMap<>();
                List<String> lanes = List.of(Job.DEFAULT_LANE, "b", "c", "d");
                lanes.forEach(l -> four.put(l, 1));
                queue.update(settings(4, four, cancelTimeoutMs));
                List<String> two = List.of("echo", "echo-2");
                warmUp(
                        "four lanes",
                        WARM_UP_ROUND,
                        WARM_UP_ROUND,
                        () -> throughput(queue, call, WARM_UP_ROUND, two, lanes, false));
                throughput(queue, call, jobs, two, lanes, true);
                queue.update(one);
                cancel(queue, cancelTimeoutMs);
            }
            host.unloadAll();
        }
    }

    /** Cooperative cancels measured: the first, then the median of the others. */
    private static final int COOPERATIVE_ROUNDS = 6;

    private static QueueSettings settings(int max, Map<String, Integer> lanes, long cancelTimeoutMs) {
        return new QueueSettings(
                max,
                lanes,
                1_000_000,
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                10,
                Duration.ofMillis(cancelTimeoutMs),
                Duration.ofSeconds(30),
                "bench");
    }

    /** Jobs per warm-up round. */
    private static final int WARM_UP_ROUND = 1000;
    /** A round that adds less JIT compilation time than this ends the warm-up. */
    private static final long QUIET_COMPILE_MS = 100;

    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(90);

    /** Work a warm-up round does. */
    private interface Round {
        void run() throws Exception;
    }

    /**
     * Runs {@code round} ({@code perRound} jobs) until at least {@code minJobs} jobs ran and a round compiled almost
     * nothing more: on two
     * cores the JIT's optimising compiler otherwise takes one of them for the first half minute of the measured
     * phases. Says on stderr how long it took, so a figure can be read beside it.
     */
    private static void warmUp(String phase, int minJobs, int perRound, Round round) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long deadline = start + WARM_UP_LIMIT.toNanos();
        int jobs = 0;
        long compiled = jit.getTotalCompilationTime();
        long added;
        do {
            round.run();
            jobs += perRound;
            long now = jit.getTotalCompilationTime();
            added = now - compiled;
            compiled = now;
        } while ((jobs < minJobs || added >= QUIET_COMPILE_MS) && System.nanoTime() < deadline);
        System.err.printf(
                "warm-up (%s): %d jobs in %.1f s, the last round of %d compiling %d ms%n",
                phase, jobs, (System.nanoTime() - start) / 1e9, perRound, added);
    }

    /** One job at a time: submit, wait; {@code perJob} hears each job's wall time in ns. */
    private static void sequential(JobQueueService queue, Call call, int n, long[] perJob) throws Exception {
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Job job = queue.submit("echo", call, 0);
            Job done = queue.completion(job.id()).get(30, TimeUnit.SECONDS);
            if (done.status() != JobStatus.COMPLETED) {
                throw new IllegalStateException("job " + done.id() + " ended " + done.status() + ": " + done.error());
            }
            if (perJob != null) {
                perJob[i] = System.nanoTime() - t0;
            }
        }
    }

    private static void overhead(JobQueueService queue, Timed target, Call call, int n) throws Exception {
        long[] wall = new long[n];
        target.record(n);
        sequential(queue, call, n, wall);
        long[] exec = target.stop();
        long[] overhead = new long[n];
        for (int i = 0; i < n; i++) {
            overhead[i] = wall[i] - exec[i];
        }
        Arrays.sort(overhead);
        Arrays.sort(exec);
        System.out.printf(
                "{\"bench\": \"queue-overhead\", \"jobs\": %d, \"p50_us\": %.1f, \"p99_us\": %.1f,"
                        + " \"execute_p50_us\": %.1f}%n",
                n, overhead[n / 2] / 1e3, overhead[(int) (n * 0.99)] / 1e3, exec[n / 2] / 1e3);
    }

    private static void throughput(
            JobQueueService queue, Call call, int n, List<String> instances, List<String> lanes, boolean print)
            throws Exception {
        List<Job> submitted = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            submitted.add(queue.submit(instances.get(i % instances.size()), call, 0, lanes.get(i % lanes.size())));
        }
        for (Job j : submitted) {
            queue.completion(j.id()).get(120, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (print) {
            System.out.printf(
                    "{\"bench\": \"queue-throughput\", \"lanes\": %d, \"instances\": %d, \"jobs\": %d,"
                            + " \"jobs_per_s\": %.0f}%n",
                    lanes.size(), instances.size(), n, n / seconds);
        }
    }

    private static void cancel(JobQueueService queue, long cancelTimeoutMs) throws Exception {
        // The first cancel of a worker runs its cancel path for the first time (class loading, a cold JIT): reported
        // apart from the median of the next ones.
        double[] cooperative = new double[COOPERATIVE_ROUNDS];
        for (int i = 0; i < cooperative.length; i++) {
            Job slow = queue.submit("slow", Call.kwargs(Map.of("steps", 1000L, "step_seconds", 0.1)), 0);
            awaitRunning(queue, slow);
            long start = System.nanoTime();
            queue.cancel(slow.id());
            Job done = queue.completion(slow.id()).get(30, TimeUnit.SECONDS);
            cooperative[i] = (System.nanoTime() - start) / 1e6;
            check(done);
        }
        double firstCooperativeMs = cooperative[0];
        double[] warm = Arrays.copyOfRange(cooperative, 1, cooperative.length);
        Arrays.sort(warm);
        double cooperativeMs = warm[warm.length / 2];
        long t0;

        Job stubborn = queue.submit("stubborn", Call.kwargs(Map.of("seconds", 120L)), 0);
        awaitRunning(queue, stubborn);
        Job next = queue.submit("echo", Call.kwargs(Map.of("text", "after")), 0);
        t0 = System.nanoTime();
        queue.cancel(stubborn.id());
        // The lane runs again once the next job has started: the forced job gives its lane back as its worker is
        // stopped, before its instance has reloaded.
        while (queue.job(next.id()).orElseThrow().status() == JobStatus.PENDING) {
            Thread.onSpinWait();
        }
        double forcedMs = (System.nanoTime() - t0) / 1e6;
        check(queue.completion(stubborn.id()).get(60, TimeUnit.SECONDS));
        double forcedCancelledMs = (System.nanoTime() - t0) / 1e6;
        queue.completion(next.id()).get(30, TimeUnit.SECONDS);
        System.out.printf(
                "{\"bench\": \"queue-cancel\", \"cooperative_ms\": %.1f, \"first_cooperative_ms\": %.1f,"
                        + " \"forced_ms\": %.1f, \"forced_cancelled_ms\": %.1f, \"cancel_timeout_ms\": %d}%n",
                cooperativeMs, firstCooperativeMs, forcedMs, forcedCancelledMs, cancelTimeoutMs);
    }

    private static void awaitRunning(JobQueueService queue, Job job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (queue.job(job.id()).orElseThrow().status() != JobStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // Let the call reach the plugin, so the cancel is measured against running work.
        Thread.sleep(300);
    }

    private static void check(Job done) {
        if (done.status() != JobStatus.CANCELLED) {
            throw new IllegalStateException("job " + done.id() + " ended " + done.status() + ", not cancelled");
        }
    }

    static void manifest(Path dir, String example) throws Exception {
        Path env = Path.of(System.getProperty("cordon.examples"), example, "target", "env")
                .toAbsolutePath();
        String cls = "dev.cordon.examples." + example + "." + Character.toUpperCase(example.charAt(0))
                + example.substring(1) + "Plugin";
        Files.writeString(dir.resolve(example + ".json"), """
                {"format_version": "2.0",
                 "install": {"python_path": "", "runtime": "java", "env_dir": "%s"},
                 "code": {"name": "%s", "version": "1.0.0", "description": "%s", "module": "",
                          "class": "%s", "interface": "dev.cordon.api.plugin.Plugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(env, example, example, cls));
    }

    /** The manager target, timing each execute from its start to its end while recording. */
    static final class Timed implements JobTarget {
        private final JobTarget inner;
        private volatile long[] times;
        private int next;

        Timed(JobTarget inner) {
            this.inner = inner;
        }

        void record(int n) {
            next = 0;
            times = new long[n];
        }

        long[] stop() {
            long[] t = times;
            times = null;
            return t;
        }

        @Override
        public CompletableFuture<Object> execute(String instanceId, Call call) {
            long[] t = times;
            long t0 = System.nanoTime();
            CompletableFuture<Object> f = inner.execute(instanceId, call);
            if (t == null) {
                return f;
            }
            int slot = next++;
            return f.whenComplete((r, e) -> t[slot] = System.nanoTime() - t0);
        }

        @Override
        public CompletableFuture<Object> execute(String instanceId, Call call, Granted granted) {
            long[] t = times;
            long t0 = System.nanoTime();
            CompletableFuture<Object> f = inner.execute(instanceId, call, granted);
            if (t == null) {
                return f;
            }
            int slot = next++;
            return f.whenComplete((r, e) -> t[slot] = System.nanoTime() - t0);
        }

        @Override
        public boolean endsOnCallThread() {
            return inner.endsOnCallThread();
        }

        @Override
        public void checkSubmit(String instanceId) {
            inner.checkSubmit(instanceId);
        }

        @Override
        public Optional<InstanceView> instance(String instanceId) {
            return inner.instance(instanceId);
        }

        @Override
        public boolean cancel(String instanceId) {
            return inner.cancel(instanceId);
        }

        @Override
        public CallProgress progress(String instanceId) {
            return inner.progress(instanceId);
        }

        @Override
        public Optional<Map<String, Object>> resourceSnapshot(String instanceId) {
            return inner.resourceSnapshot(instanceId);
        }

        @Override
        public void forceStop(String instanceId) {
            inner.forceStop(instanceId);
        }

        @Override
        public void reload(String instanceId) {
            inner.reload(instanceId);
        }

        @Override
        public boolean retrySafe(String instanceId) {
            return inner.retrySafe(instanceId);
        }

        @Override
        public List<String> jobLines(String instanceId, String jobId, int max) {
            return inner.jobLines(instanceId, jobId, max);
        }

        @Override
        public AutoCloseable onRetry(Consumer<CallRetry> listener) {
            return inner.onRetry(listener);
        }
    }
}
