package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.host.Call;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.scheduling.GpuProcess;
import dev.cordon.api.scheduling.HostResources;
import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.store.ResourceSample;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.QueueScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemoryEmpiricalResourceStore;
import dev.cordon.store.memory.InMemoryJobStore;
import dev.cordon.store.memory.InMemorySecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission through the scheduling policy's {@code acquire}, on the real plugin manager and real workers of the
 * {@code slow} example: a job whose measured peak does not fit waits with the {@code queue} policy's block reason
 * (published as {@code BLOCK_REASON_CHANGED}) and starts when the job ahead of it gives its allocation back; a running
 * job holds one allocation, not one of the queue's and one of the manager's. The policy reads the machine through a
 * monitor double reporting 1,000 MB free (the real one reports this machine, which the test cannot size); the workers
 * are measured by the real procfs monitor, whose figures, GPU keys included, the resource snapshots carry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueAdmissionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What each instance of {@code slow} was measured to take at its peak, for its config. */
    private static final double PEAK_MB = 600;

    @TempDir
    static Path dir;

    private final QueueScheduler policy =
            new QueueScheduler(new FreeRam(1_000), Duration.ofSeconds(60), Duration.ofMillis(200), Clock.systemUTC());
    private final InMemoryEmpiricalResourceStore measured = new InMemoryEmpiricalResourceStore();
    private final List<Long> workers = new ArrayList<>();
    private PluginHost host;
    private JobQueueService queue;

    @BeforeAll
    void start() throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Path manifest = manifests.resolve("slow.json");
        Files.writeString(
                manifest, """
                {"format_version": "2.0",
                 "install": {"python_path": "", "runtime": "java", "env_dir": "%s"},
                 "code": {"name": "slow", "version": "1.0.0", "description": "slow", "module": "",
                          "class": "dev.cordon.examples.slow.SlowPlugin", "interface": "dev.cordon.api.plugin.Plugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(Path.of(System.getProperty("cordon.examples"), "slow", "target", "env")
                        .toAbsolutePath()));
        ProcSystemMonitor procfs = new ProcSystemMonitor(
                Path.of("/proc"), Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(5));
        host = new PluginHost(
                ManagerSettings.defaults(dir.resolve("data"), dir.resolve("deploy"))
                        .withSearchPaths(List.of(manifests)),
                HostServices.of(
                        new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties()),
                        policy,
                        new InMemoryConfigStore(),
                        new InMemorySecretStore(),
                        measured,
                        procfs));
        host.discover();
        host.ensureLoaded("slow");
        host.load(new PluginLoadSpec("slow", manifest, Optional.of("slow-2"), false, Optional.empty()));
        for (String instance : List.of("slow", "slow-2")) {
            workers.add(host.stats(instance).orElseThrow().pid());
            measured.record(new ResourceSample(
                    instance,
                    "slow",
                    host.instance(instance).orElseThrow().configHash(),
                    true,
                    10.0,
                    PEAK_MB,
                    OptionalDouble.empty(),
                    1.0,
                    Map.of(),
                    Instant.now()));
        }
        QueueThreads threads = new QueueThreads();
        queue = new JobQueueService(
                        new InMemoryJobStore(),
                        new ManagerTarget(host, threads.calls(), () -> procfs),
                        HubEvents.create(),
                        QueueHarness.settings(2),
                        () -> policy,
                        () -> measured,
                        Clock.systemUTC(),
                        threads)
                .start();
    }

    @AfterAll
    void stop() {
        if (queue != null) {
            queue.close();
        }
        if (host != null) {
            // The workers now, fresh ones after a forced cancel included: all must be gone after the close.
            List.of("slow", "slow-2").forEach(i -> host.stats(i).ifPresent(st -> workers.add(st.pid())));
            host.close();
        }
        policy.close();
        await().atMost(WAIT)
                .until(() -> workers.stream()
                        .noneMatch(pid -> ProcessHandle.of(pid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false)));
    }

    private Job ended(Job job) throws Exception {
        return queue.completion(job.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aJobWhoseMeasuredPeakDoesNotFitWaitsWithThePolicysReasonAndStartsWhenTheRoomIsGivenBack() throws Exception {
        EventLog all = EventLog.of(queue.allEvents());
        Job first = queue.submit("slow", Call.kwargs(Map.of("steps", 1000L, "step_seconds", 0.05)), 0);
        await().atMost(WAIT).until(() -> queue.job(first.id()).orElseThrow().status() == JobStatus.RUNNING);

        Job second = queue.submit("slow-2", Call.kwargs(Map.of("steps", 2L, "step_seconds", 0.01)), 0);

        String reason = "needs 600 MB RAM, 400 MB free (600 MB more held for 1 running execution)";
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(all.to(second.id(), JobEventType.BLOCK_REASON_CHANGED))
                        .contains(reason));
        assertThat(queue.job(second.id()).orElseThrow())
                .satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.PENDING))
                .satisfies(j -> assertThat(j.blockReason()).contains(reason));
        // The running job's allocation was acquired by the queue and handed to the manager: one, not two.
        assertThat(policy.active())
                .singleElement()
                .satisfies(a -> assertThat(a.request().instanceId()).isEqualTo("slow"))
                .satisfies(a -> assertThat(a.reservedRamMb()).isEqualTo((long) PEAK_MB));

        assertThat(queue.cancel(first.id())).isTrue();
        assertThat(ended(first).status()).isEqualTo(JobStatus.CANCELLED);
        Job done = ended(second);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.blockReason()).isEmpty();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(all.to(second.id(), JobEventType.BLOCK_REASON_CHANGED))
                        .endsWith(reason, (Object) null));
        await().atMost(WAIT).until(() -> policy.active().isEmpty());
    }

    @Test
    void aRunningJobsResourceSnapshotsCarryTheWorkersMemoryAndTheGpuKeysTheMonitorFills() throws Exception {
        EventLog all = EventLog.of(queue.allEvents());
        Job job = queue.submit("slow", Call.kwargs(Map.of("steps", 1000L, "step_seconds", 0.05)), 0);

        await().atMost(WAIT)
                .until(() -> all.events.stream()
                        .anyMatch(e -> e.jobId().equals(job.id()) && e.type() == JobEventType.RESOURCE_SNAPSHOT));
        long pid = host.stats("slow").orElseThrow().pid();
        queue.cancel(job.id());
        ended(job);

        JobEvent event = all.events.stream()
                .filter(e -> e.jobId().equals(job.id()) && e.type() == JobEventType.RESOURCE_SNAPSHOT)
                .findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> snapshot = (Map<String, Object>) event.payload().get("snapshot");
        assertThat(snapshot.get("pid")).isEqualTo(pid);
        assertThat(snapshot.get("rss_mb")).isInstanceOf(Double.class);
        // No GPU on the machines this runs on: the procfs monitor reports none, and the keys say so.
        assertThat(snapshot).containsKeys("gpu_index", "gpu_memory_mb", "gpu_type", "gpu_total_mb", "gpu_load_percent");
        assertThat(queue.job(job.id()).orElseThrow().lastResourceSnapshot()).isPresent();
    }

    /** A machine with this much RAM free and no GPU, whatever runs. */
    private record FreeRam(long mb) implements SystemMonitor {
        @Override
        public HostResources host() {
            return new HostResources(Instant.now(), mb, mb, OptionalLong.empty(), 2, 0, 0, 0, List.of());
        }

        @Override
        public Optional<ProcessUsage> processUsage(long pid) {
            return Optional.empty();
        }

        @Override
        public List<GpuProcess> gpuProcesses() {
            return List.of();
        }
    }
}
