package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.WorkerCrashedError;
import dev.cordon.api.error.WorkerOOMError;
import dev.cordon.api.host.Call;
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
import java.nio.file.Files;
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
 * Failures without damage, each case with both workers and real processes: a worker that exits, crashes, is killed
 * or stopped during a call, a call past its timeout that honours or ignores {@code /cancel}, a worker that dies
 * idle. Each asserts the typed error, that the instance recovers on a fresh worker, that nothing ran twice (no retry
 * was made) and that the worker it started is gone.
 */
class WorkerFailuresIT {

    /** The worker kinds, each with a plugin that works in cancellable steps and one that ignores cancellation. */
    enum Kind {
        JAVA("slow", "stubborn"), PYTHON("py-slow", "py-stubborn");

        final String slow;
        final String stubborn;

        Kind(String slow, String stubborn) {
            this.slow = slow;
            this.stubborn = stubborn;
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
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(SEEN.stream().filter(Workers::running).toList()).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWorkerThatExitsDuringACallFailsItWithTheExitStatusAndIsReplaced(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.slow);
        CompletableFuture<Object> call = longCall(kind);

        signal("TERM", pid);

        // Both workers end on SIGTERM through their own handler, with exit status 0.
        assertThat(failure(call)).isInstanceOf(WorkerCrashedError.class)
                .hasMessageContaining("exited during the call with exit status 0");
        recovers(kind, pid);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWorkerThatCrashesOnASignalFailsTheCallNamingIt(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.slow);
        CompletableFuture<Object> call = longCall(kind);

        signal("SEGV", pid);

        // Python dies of the SIGSEGV itself; the JVM takes one it did not cause for a crash and aborts (SIGABRT).
        assertThat(failure(call)).isInstanceOf(WorkerCrashedError.class)
                .hasMessageContaining("crashed during the call on signal")
                .hasMessageContaining(kind == Kind.PYTHON ? "(SIGSEGV)" : "(SIG");
        recovers(kind, pid);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWorkerKilledDuringACallIsACrashNotAnOutOfMemoryRetry(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.slow);
        CompletableFuture<Object> call = longCall(kind);

        signal("KILL", pid);

        assertThat(failure(call)).isInstanceOf(WorkerCrashedError.class).isNotInstanceOf(WorkerOOMError.class)
                .hasMessageContaining("signal 9 (SIGKILL)").hasMessageContaining("not for lack of memory");
        recovers(kind, pid);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aStoppedWorkerIsFoundByTheLivenessCheckKilledAndReplaced(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.slow);
        CompletableFuture<Object> call = longCall(kind);

        signal("STOP", pid);

        assertThat(failure(call)).isInstanceOf(PluginTransientError.class)
                .hasMessageContaining("stopped answering").hasMessageContaining("pid " + pid);
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

        assertThat(pid(kind.slow)).as("the worker ended the call when asked and stays").isEqualTo(pid);
        assertThat(host.execute(kind.slow, Call.kwargs(Map.of("steps", 1L, "step_seconds", 0.01))))
                .isEqualTo(Map.of("steps", 1L));
        assertThat(retries).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCallThatIgnoresCancelOutlivesTheGraceAndItsWorkerIsKilledAndReplaced(Kind kind) throws Exception {
        start(kind);
        long pid = pid(kind.stubborn);

        assertThatThrownBy(() -> host.execute(kind.stubborn, Call.kwargs(Map.of("seconds", 60L))))
                .isInstanceOf(PluginTimeoutError.class)
                .satisfies(e -> assertThat(e.getSuppressed()[0]).hasMessageContaining("ignored /cancel"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !Workers.running(pid));
        assertThat(host.execute(kind.stubborn, Call.kwargs(Map.of("seconds", 0.1)))).isNotNull();
        assertThat(pid(kind.stubborn)).isNotEqualTo(pid);
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
            assertThat(stats.enabled()).as("a dead worker is not listed as enabled").isFalse();
        });
        recovers(kind, pid);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void start(Kind kind) throws IOException {
        Path manifests = dir.resolve("manifests");
        if (kind == Kind.JAVA) {
            ExampleManifests.java(manifests, "slow");
            ExampleManifests.java(manifests, "stubborn");
        } else {
            ExampleManifests.python(manifests, "py-slow");
            Path stubborn = Path.of("src", "test", "resources", "py-stubborn").toAbsolutePath();
            Files.writeString(manifests.resolve("py-stubborn.json"), Files.readString(stubborn.resolve("manifest.json"))
                    .replace("\"env_dir\": \".\"", "\"env_dir\": \"" + stubborn + "\""));
        }
        ManagerSettings settings = ManagerSettings.defaults(dir.resolve("data"), dir.resolve("deploy"))
                .withSearchPaths(List.of(manifests))
                .withCallBounds(CALL_TIMEOUT, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1));
        launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
        host = new PluginHost(settings, HostServices.of(launcher, new PermissiveScheduler(), new InMemoryConfigStore(),
                new InMemorySecretStore(), new InMemoryEmpiricalResourceStore(), new ProcSystemMonitor(Path.of("/proc"),
                        Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(5))));
        host.discover();
        host.addRetryObserver((id, attempt, cause) -> retries.add(id + "#" + attempt));
        host.ensureLoaded(kind.slow);
        host.ensureLoaded(kind.stubborn);
    }

    private long pid(String instance) {
        long pid = host.stats(instance).orElseThrow().pid();
        SEEN.add(pid);
        return pid;
    }

    /** A call that runs about 50 s unless something ends it; returns once the worker is inside it. */
    private CompletableFuture<Object> longCall(Kind kind) {
        CompletableFuture<Object> call = host.executeAsync(kind.slow,
                Call.kwargs(Map.of("steps", 1000L, "step_seconds", 0.05)));
        await().atMost(Duration.ofSeconds(10)).until(() -> host.progress(kind.slow).fraction() > 0);
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
        assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).start().waitFor()).isZero();
    }
}
