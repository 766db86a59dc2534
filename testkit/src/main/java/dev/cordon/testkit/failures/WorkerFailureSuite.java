package dev.cordon.testkit.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.WorkerCrashedError;
import dev.cordon.api.error.WorkerOOMError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.testkit.misbehaving.Misbehaviour;
import dev.cordon.testkit.worker.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures without damage: every {@link Misbehaviour} (and a worker stopped with SIGSTOP), on the Java and the Python
 * worker, run through a real plugin manager over the launcher under test. Each case asserts the typed error the caller
 * gets, that the instance recovers on a fresh worker, that nothing was run again (no retry) and that no process the
 * case started is left — by exact pid, or by the instance's log file in a process's environment for a worker that
 * never told its pid. A subclass names the launcher, the host's services and how to write a misbehaving manifest.
 */
public abstract class WorkerFailureSuite {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Every worker pid the suite saw; none may be running after it. */
    private static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    private WorkerLauncher launcher;
    private PluginHost host;
    private final List<String> retries = new CopyOnWriteArrayList<>();

    /** The launcher under test; called once per case. */
    protected abstract WorkerLauncher newLauncher();

    /** The host's services around {@code launcher}: a scheduler that admits every call, stores and a monitor. */
    protected abstract HostServices services(WorkerLauncher launcher);

    /** Writes a manifest running {@code misbehaviour} on the {@code java} or {@code python} worker into {@code dir}. */
    protected abstract Path manifest(Misbehaviour misbehaviour, String language, Path dir) throws IOException;

    @AfterEach
    void closeHost() throws Exception {
        if (host != null) {
            host.close();
        }
        if (launcher instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @AfterAll
    static void noWorkerIsLeft() {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(SEEN.stream()
                                .filter(pid -> !Processes.exited(pid))
                                .toList())
                        .isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aWorkerThatExitsMidCallFailsTheCallNamingTheStatusAndIsReplaced(String language) throws Exception {
        String id = load(Misbehaviour.EXIT_MID_CALL, language);
        diesEveryCallAndIsReplaced(
                id,
                e -> assertThat(e)
                        .isInstanceOf(WorkerCrashedError.class)
                        .hasMessageContaining("exited during the call with exit status 0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aSegfaultFailsTheCallNamingTheSignalAndTheWorkerIsReplaced(String language) throws Exception {
        String id = load(Misbehaviour.SEGFAULT, language);
        // Python dies of SIGSEGV itself; the JVM catches it, writes its crash report and aborts (SIGABRT).
        diesEveryCallAndIsReplaced(
                id,
                e -> assertThat(e)
                        .isInstanceOf(WorkerCrashedError.class)
                        .hasMessageContaining("crashed during the call on signal"));
        if (language.equals("java")) {
            // The JVM's crash report lies beside the worker's log, not in the host's working folder.
            try (Stream<Path> logs = Files.list(dir.resolve("data").resolve("logs"))) {
                assertThat(logs.map(p -> p.getFileName().toString()))
                        .anyMatch(name -> name.matches("hs_err_pid\\d+\\.log"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aSigkillIsACrashNotAnOutOfMemoryKillAndIsNeverRetried(String language) throws Exception {
        String id = load(Misbehaviour.SIGKILL_MID_CALL, language);
        diesEveryCallAndIsReplaced(
                id,
                e -> assertThat(e)
                        .isInstanceOf(WorkerCrashedError.class)
                        .isNotInstanceOf(WorkerOOMError.class)
                        .hasMessageContaining("signal 9 (SIGKILL)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aWorkerThatSpawnsChildrenAndDiesTakesThemWithIt(String language) throws Exception {
        String id = load(Misbehaviour.SPAWN_CHILDREN_AND_DIE, language);
        long pid = pid(id);
        Path pidFile = dir.resolve("children.pid");

        assertThatThrownBy(() -> host.execute(id, Call.kwargs(Map.of("pid_file", pidFile.toString()))))
                .isInstanceOf(WorkerCrashedError.class)
                .hasMessageContaining("exit status 1");

        List<Long> children = Arrays.stream(Files.readString(pidFile).trim().split("\\s+"))
                .map(Long::parseLong)
                .toList();
        SEEN.addAll(children);
        assertThat(children).hasSize(2).doesNotContain(pid);
        await().atMost(WAIT).until(() -> children.stream().allMatch(Processes::exited));
        assertThat(retries).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aStoppedWorkerIsFoundByItsLivenessKilledAndReplaced(String language) throws Exception {
        String id = load(Misbehaviour.SLOW_ANSWER, language);
        long pid = pid(id);
        CompletableFuture<Object> call = host.executeAsync(id, Call.kwargs(Map.of("seconds", 30)));
        await().atMost(WAIT).until(() -> host.stats(id).orElseThrow().inFlight() == 1);

        signal("STOP", pid);

        assertThat(failure(call))
                .isInstanceOf(PluginTransientError.class)
                .hasMessageContaining("stopped answering")
                .hasMessageContaining("pid " + pid);
        await().atMost(WAIT).until(() -> Processes.exited(pid));
        assertThat(host.execute(id, Call.kwargs(Map.of("seconds", 0.1)))).isNotNull();
        assertThat(pid(id)).isNotEqualTo(pid);
        assertThat(retries).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aSlowAnswerPastTheTimeoutThatIgnoresCancelLosesItsWorker(String language) throws Exception {
        String id = load(Misbehaviour.SLOW_ANSWER, language);
        long pid = pid(id);

        assertThatThrownBy(() -> host.execute(id, Call.kwargs(Map.of("seconds", 60))))
                .isInstanceOf(PluginTimeoutError.class)
                .satisfies(e -> assertThat(e.getSuppressed()[0]).hasMessageContaining("ignored /cancel"));

        await().atMost(WAIT).until(() -> Processes.exited(pid));
        assertThat(host.execute(id, Call.kwargs(Map.of("seconds", 0.1)))).isNotNull();
        assertThat(pid(id)).isNotEqualTo(pid);
        assertThat(retries).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aWorkerThatHangsInStartUpTimesOutAndIsKilled(String language) throws Exception {
        assertThatThrownBy(() -> load(Misbehaviour.HANG_IN_STARTUP, language)).isInstanceOf(PluginTimeoutError.class);
        assertThat(processesLoggingTo(Misbehaviour.HANG_IN_STARTUP)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void garbageOnStdoutIsRefusedAndTheWorkerKilled(String language) throws Exception {
        assertThatThrownBy(() -> load(Misbehaviour.GARBAGE_ON_STDOUT, language))
                .isInstanceOf(PluginFatalError.class)
                .hasMessageContaining("this is not a handshake line");
        assertThat(processesLoggingTo(Misbehaviour.GARBAGE_ON_STDOUT)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "python"})
    void aWorkerThatNeverReadsItsStdinServesAndStops(String language) throws Exception {
        String id = load(Misbehaviour.NEVER_READ_STDIN, language);
        long pid = pid(id);

        assertThat(host.execute(id, Call.kwargs(Map.of()))).isInstanceOf(Map.class);
        assertThat(host.unload(id)).isTrue();

        assertThat(Processes.exited(pid)).isTrue();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Loads the misbehaving plugin's default instance on a fresh host; returns its id. */
    private String load(Misbehaviour misbehaviour, String language) throws IOException {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        manifest(misbehaviour, language, manifests);
        Path data = dir.resolve("data");
        Map<String, String> properties = Map.of(
                "cordon.data",
                data.toString(),
                "felix.fileinstall.dir",
                dir.resolve("deploy").toString(),
                "cordon.plugins.paths",
                manifests.toString(),
                "cordon.plugins.tracking",
                "false",
                "cordon.plugins.start.timeout.ms",
                "10000",
                "cordon.plugins.call.timeout.ms",
                Long.toString(CALL_TIMEOUT.toMillis()),
                "cordon.plugins.cancel.grace.ms",
                "1000",
                "cordon.plugins.liveness.interval.ms",
                "500",
                "cordon.plugins.liveness.timeout.ms",
                "1000");
        launcher = newLauncher();
        host = new PluginHost(ManagerSettings.from(properties::get), services(launcher));
        host.discover();
        host.onRetry(r -> retries.add(r.instanceId() + "#" + r.attempt()));
        return host.ensureLoaded(misbehaviour.pluginName()).instanceId();
    }

    /** Every call kills the worker: the instance shows it, and the next call runs (and dies) on a fresh worker. */
    private void diesEveryCallAndIsReplaced(String id, java.util.function.Consumer<Throwable> expected) {
        long first = pid(id);
        expected.accept(catchError(() -> host.execute(id, Call.kwargs(Map.of()))));
        await().atMost(WAIT).untilAsserted(() -> {
            InstanceStats stats = host.stats(id).orElseThrow();
            assertThat(stats.alive()).isFalse();
            assertThat(stats.enabled())
                    .as("a dead worker is not listed as enabled")
                    .isFalse();
        });
        assertThat(Processes.exited(first)).isTrue();

        expected.accept(catchError(() -> host.execute(id, Call.kwargs(Map.of()))));
        long second = pid(id);
        assertThat(second).as("the second call ran on a fresh worker").isNotEqualTo(first);
        await().atMost(WAIT).until(() -> Processes.exited(second));
        assertThat(retries).as("no call was run again").isEmpty();
    }

    private static Throwable catchError(Runnable call) {
        try {
            call.run();
        } catch (PluginError e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    private long pid(String id) {
        long pid = host.stats(id).orElseThrow().pid();
        SEEN.add(pid);
        return pid;
    }

    private static Throwable failure(CompletableFuture<Object> call) throws Exception {
        try {
            Object result = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded: " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Live processes whose environment names this case's log of {@code misbehaviour}: its worker, if any is left. */
    private List<Long> processesLoggingTo(Misbehaviour misbehaviour) throws IOException {
        String log = "CORDON_LOG_FILE="
                + dir.resolve("data")
                        .resolve("logs")
                        .resolve(misbehaviour.pluginName() + ".log")
                        .toAbsolutePath();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return Arrays.asList(new String(
                                                    Files.readAllBytes(p.resolve("environ")),
                                                    StandardCharsets.ISO_8859_1)
                                            .split("\0"))
                                    .contains(log);
                        } catch (IOException | SecurityException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .filter(pid -> !Processes.exited(pid))
                    .toList();
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                        .start()
                        .waitFor())
                .isZero();
    }
}
