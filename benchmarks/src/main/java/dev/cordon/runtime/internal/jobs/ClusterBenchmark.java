package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.host.Call;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobStore;
import dev.cordon.benchmarks.WorkFolder;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemoryEmpiricalResourceStore;
import dev.cordon.store.memory.InMemorySecretStore;
import dev.cordon.store.postgres.PostgresJobStore;
import dev.cordon.store.postgres.PostgresSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Several hosts sharing one job queue on PostgreSQL, on this machine: for 1, 2 and 3 hosts (each its own plugin
 * manager with a real Java {@code echo} worker, its own connection pool, its own queue in cluster mode), the jobs per
 * second through the shared queue, the claim latency (the store's claim statement, p50/p99), and, from 2 hosts on,
 * the time from one host's death (its queue stopped without giving its leases back) to its jobs running on another.
 * One JSON line per host count. The server is {@code CORDON_TEST_PG_URL}, {@code CORDON_TEST_PG_USER},
 * {@code CORDON_TEST_PG_PASSWORD} (defaults: the cordon_test database and role on 127.0.0.1:5432).
 *
 * <p>System properties: {@code cordon.worker.lib}, {@code cordon.examples} (as {@link QueueBenchmark}),
 * {@code jobs} (per host count, default 2000), {@code lease.seconds} (default 2).
 */
public final class ClusterBenchmark {

    private ClusterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("jobs", 2000);
        Duration lease = Duration.ofSeconds(Long.getLong("lease.seconds", 2));
        Path work = WorkFolder.create("cordon-bench-cluster");
        Path manifests = Files.createDirectories(work.resolve("manifests"));
        for (String example : List.of("echo", "slow")) {
            manifest(manifests, example);
        }
        for (int hosts = 1; hosts <= 3; hosts++) {
            String schema =
                    "bench_cluster_" + hosts + "_" + ProcessHandle.current().pid();
            try {
                run(work, manifests, schema, hosts, jobs, lease);
            } finally {
                drop(schema);
            }
        }
    }

    private static void run(Path work, Path manifests, String schema, int count, int jobs, Duration lease)
            throws Exception {
        ConcurrentLinkedQueue<Long> claims = new ConcurrentLinkedQueue<>();
        List<Host> hosts = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                hosts.add(Host.start(
                        work.resolve(schema + "-" + i), manifests, settings(schema), "h" + i, lease, claims));
            }
            JobQueueService submitter = hosts.get(0).queue;
            Call call = Call.kwargs(Map.of("text", "hi"));
            // Warm up every host's worker and path before measuring.
            drain(submitter, call, 50 * count);
            claims.clear();
            long t0 = System.nanoTime();
            drain(submitter, call, jobs);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] claimNs = claims.stream().mapToLong(Long::longValue).sorted().toArray();
            String takeover = count < 2 ? "null" : String.format("%.0f", takeover(hosts, lease));
            System.out.printf(
                    "{\"bench\": \"cluster\", \"hosts\": %d, \"jobs\": %d, \"jobs_per_s\": %.0f,"
                            + " \"claim_p50_ms\": %.2f, \"claim_p99_ms\": %.2f, \"takeover_ms\": %s,"
                            + " \"lease_ms\": %d}%n",
                    count,
                    jobs,
                    jobs / seconds,
                    claimNs[claimNs.length / 2] / 1e6,
                    claimNs[(int) (claimNs.length * 0.99)] / 1e6,
                    takeover,
                    lease.toMillis());
        } finally {
            for (Host h : hosts) {
                h.close();
            }
        }
    }

    private static void drain(JobQueueService queue, Call call, int n) throws Exception {
        List<Job> submitted = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            submitted.add(queue.submit("echo", call, 0));
        }
        for (Job j : submitted) {
            // The completion of a job another host ran is noticed by polling the store: ask it directly.
            awaitTerminal(queue, j.id(), 120);
        }
    }

    /**
     * The first host runs a long job and then dies (its queue stops without releasing anything); the time until
     * another host runs that job again.
     */
    private static double takeover(List<Host> hosts, Duration lease) throws Exception {
        Host dying = hosts.get(0);
        JobQueueService survivor = hosts.get(1).queue;
        // One slow job per host slot, so that the dying host surely holds one.
        List<Job> slow = new ArrayList<>();
        for (int i = 0; i < 2 * hosts.size(); i++) {
            slow.add(survivor.submit("slow", Call.kwargs(Map.of("steps", 50L, "step_seconds", 0.1)), 0));
        }
        Job held = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (held == null && System.nanoTime() < deadline) {
            for (Job j : slow) {
                if (dying.store
                        .currentClaim(j.id())
                        .filter(c -> c.owner().equals("h0"))
                        .isPresent()) {
                    held = j;
                }
            }
            Thread.onSpinWait();
        }
        if (held == null) {
            throw new IllegalStateException("the first host never ran a slow job");
        }
        dying.queue.close();
        long t0 = System.nanoTime();
        String id = held.id();
        deadline = System.nanoTime() + lease.multipliedBy(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> owner = survivor.job(id)
                    .filter(j -> j.status() == JobStatus.RUNNING)
                    .flatMap(j -> hosts.get(1).store.currentClaim(id))
                    .map(c -> c.owner());
            if (owner.isPresent() && !owner.get().equals("h0")) {
                double ms = (System.nanoTime() - t0) / 1e6;
                for (Job j : slow) {
                    survivor.cancel(j.id());
                }
                return ms;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("job " + id + " of the dead host was not taken over within 10 leases");
    }

    private static void awaitTerminal(JobQueueService queue, String id, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Job j = queue.job(id).orElseThrow();
            if (j.status().terminal()) {
                if (j.status() != JobStatus.COMPLETED) {
                    throw new IllegalStateException("job " + id + " ended " + j.status() + ": " + j.error());
                }
                return;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("job " + id + " did not end within " + seconds + " s");
    }

    private static PostgresSettings settings(String schema) {
        return new PostgresSettings(
                env("CORDON_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/cordon_test"),
                env("CORDON_TEST_PG_USER", "cordon_test"),
                env("CORDON_TEST_PG_PASSWORD", "cordon_test"),
                schema,
                4,
                Duration.ofSeconds(10));
    }

    private static void drop(String schema) throws Exception {
        PostgresSettings s = settings(schema);
        try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password());
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void manifest(Path dir, String example) throws Exception {
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

    /** The store with its claim statements timed into {@code claims}. */
    private static JobStore timed(JobStore store, ConcurrentLinkedQueue<Long> claims) {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    long t0 = System.nanoTime();
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (method.getName().startsWith("claim")) {
                            claims.add(System.nanoTime() - t0);
                        }
                    }
                });
    }

    /** One host: a plugin manager with its workers, a store with its own pool, a queue in cluster mode. */
    private record Host(PluginHost manager, PostgresJobStore store, JobQueueService queue) implements AutoCloseable {

        static Host start(
                Path dir,
                Path manifests,
                PostgresSettings settings,
                String id,
                Duration lease,
                ConcurrentLinkedQueue<Long> claims) {
            ManagerSettings ms = ManagerSettings.defaults(dir.resolve("data"), dir.resolve("deploy"))
                    .withSearchPaths(List.of(manifests));
            // One policy for the manager and the queue, as the framework binds one: an allocation the queue acquired is
            // then used by the call as it is.
            PermissiveScheduler policy = new PermissiveScheduler();
            PluginHost manager = new PluginHost(
                    ms,
                    HostServices.of(
                            new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties()),
                            policy,
                            new InMemoryConfigStore(),
                            new InMemorySecretStore(),
                            new InMemoryEmpiricalResourceStore(),
                            new ProcSystemMonitor(
                                    Path.of("/proc"),
                                    Path.of("/sys/fs/cgroup"),
                                    Optional.empty(),
                                    Duration.ofSeconds(5))));
            manager.discover();
            manager.ensureLoaded("echo");
            manager.ensureLoaded("slow");
            PostgresJobStore store = new PostgresJobStore(settings);
            QueueThreads threads = new QueueThreads();
            ManagerTarget target = new ManagerTarget(manager, threads.calls());
            QueueSettings qs = QueueSettings.defaults().withMaxRunning(2).withLanes(Map.of(Job.DEFAULT_LANE, 2));
            JobQueueService queue = new JobQueueService(
                    timed(store, claims),
                    target,
                    HubEvents.create(),
                    new QueueSettings(
                            qs.maxRunning(),
                            qs.lanes(),
                            qs.historyLimit(),
                            Duration.ofMillis(50),
                            qs.progressPoll(),
                            qs.snapshotEvery(),
                            qs.cancelTimeout(),
                            lease,
                            id),
                    () -> policy,
                    () -> null,
                    Clock.systemUTC(),
                    threads);
            queue.joinCluster(store.cluster().orElseThrow(), target);
            queue.start();
            return new Host(manager, store, queue);
        }

        @Override
        public void close() {
            // The dying host's queue is closed twice, which closing allows.
            queue.close();
            manager.unloadAll();
            store.close();
        }
    }
}
