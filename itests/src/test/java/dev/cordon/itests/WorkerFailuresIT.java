package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.WorkerCrashedError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.api.host.InstanceStats;
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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failures from outside the plugin, beside the testkit's {@code WorkerFailureSuite} (whose workers misbehave from
 * inside): a worker SIGTERMed by someone else during a call, a call past its timeout that honours {@code /cancel}
 * (its worker is kept), a worker that dies while idle. Each with both workers, asserting the typed error, the
 * recovery, that nothing ran twice (no retry was made) and that the worker it started is gone.
 */
class WorkerFailuresIT {

    /** The worker kinds, each with a plugin that works in cancellable steps. */
    enum Kind {
        JAVA("slow"),
        PYTHON("py-slow");

        final String slow;

        Kind(String slow) {
            this.slow = slow;
        }
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);
    private static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    private PluginHost host;
    private ProcessWorkerLauncher launcher;
    private final List<String> retries = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
        if (launcher != null) {
            launcher.close();
        }
    }

    @AfterAll
    static void noWorkerIsLeft() {
        assertThat(SEEN).isNotEmpty();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> assertThat(SEEN.stream().filter(Workers::running).toList())
                                .isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWorkerThatExitsDuringACallFailsItWithTheExitStatusAndIsReplaced(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.slow);
        CompletableFuture<Object> call = longCall(kind);

        signal("TERM", pid);

        // Both workers end on SIGTERM through their own handler, with exit status 0.
        assertThat(failure(call))
                .isInstanceOf(WorkerCrashedError.class)
                .hasMessageContaining("exited during the call with exit status 0");
        recovers(kind, pid);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCallPastItsTimeoutIsCancelledAndItsWorkerKept(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.slow);

        assertThatThrownBy(() -> host.execute(kind.slow, Call.kwargs(Map.of("steps", 10_000L, "step_seconds", 0.05))))
                .isInstanceOf(PluginTimeoutError.class)
                .satisfies(e -> assertThat(e.getSuppressed()[0]).hasMessageContaining("ended within the grace"));

        assertThat(pid(kind.slow))
                .as("the worker ended the call when asked and stays")
                .isEqualTo(pid);
        assertThat(host.execute(kind.slow, Call.kwargs(Map.of("steps", 1L, "step_seconds", 0.01))))
                .isEqualTo(Map.of("steps", 1L));
        assertThat(retries).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWorkerThatDiesIdleShowsInStatsAndIsReplacedAtTheNextCall(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.slow);

        signal("KILL", pid);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            InstanceStats stats = host.stats(kind.slow).orElseThrow();
            assertThat(stats.alive()).isFalse();
            assertThat(stats.enabled())
                    .as("a dead worker is not listed as enabled")
                    .isFalse();
        });
        recovers(kind, pid);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aStreamWhoseWorkerIsStoppedFailsAtTheLivenessProbeNotTheCallTimeout(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.slow);
        // A plugin without a stream of its own streams its execute result: no chunk for about 50 s.
        try (ChunkStream<Object> stream =
                host.openStream(kind.slow, Call.kwargs(Map.of("steps", 1000L, "step_seconds", 0.05)))) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> host.progress(kind.slow).fraction() > 0);

            signal("STOP", pid);

            // The call timeout (4 s) would end it with a PluginTimeoutError; the probe between chunks comes first.
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(PluginTransientError.class)
                    .hasMessageContaining("stopped answering");
        }
        recovers(kind, pid);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void start(Kind kind) throws IOException {
        Path manifests = dir.resolve("manifests");
        if (kind == Kind.JAVA) {
            ExampleManifests.java(manifests, "slow");
        } else {
            ExampleManifests.python(manifests, "py-slow");
        }
        ManagerSettings settings = ManagerSettings.defaults(dir.resolve("data"), dir.resolve("deploy"))
                .withSearchPaths(List.of(manifests))
                .withCallBounds(CALL_TIMEOUT, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1));
        launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
        host = new PluginHost(
                settings,
                HostServices.of(
                        launcher,
                        new PermissiveScheduler(),
                        new InMemoryConfigStore(),
                        new InMemorySecretStore(),
                        new InMemoryEmpiricalResourceStore(),
                        new ProcSystemMonitor(
                                Path.of("/proc"), Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(5))));
        host.discover();
        host.onRetry(r -> retries.add(r.instanceId() + "#" + r.attempt()));
        host.ensureLoaded(kind.slow);
    }

    private long pid(String instance) {
        long pid = host.stats(instance).orElseThrow().pid();
        SEEN.add(pid);
        return pid;
    }

    /** A call that runs about 50 s unless something ends it; returns once the worker is inside it. */
    private CompletableFuture<Object> longCall(Kind kind) {
        CompletableFuture<Object> call =
                host.executeAsync(kind.slow, Call.kwargs(Map.of("steps", 1000L, "step_seconds", 0.05)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> host.progress(kind.slow).fraction() > 0);
        return call;
    }

    private static Throwable failure(CompletableFuture<Object> call) throws Exception {
        try {
            Object result = call.get(20, TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded: " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** The next call runs on a fresh worker, the old one and its group are gone, and nothing was run twice. */
    private void recovers(Kind kind, long oldPid) {
        assertThat(host.execute(kind.slow, Call.kwargs(Map.of("steps", 1L, "step_seconds", 0.01))))
                .isEqualTo(Map.of("steps", 1L));
        assertThat(pid(kind.slow)).isNotEqualTo(oldPid);
        assertThat(host.stats(kind.slow).orElseThrow().enabled()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Workers.running(oldPid));
        assertThat(retries).as("no call was run again").isEmpty();
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                        .start()
                        .waitFor())
                .isZero();
    }
}
