package dev.cordon.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.WorkerCrashedError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerExit;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every worker suite shares: the launcher under test and the examples it starts, the host's transport, the
 * pids to check at the end, and the worker-death tests (a worker killed or terminated during a call, a host killed
 * under a running or a stopped worker). {@link WorkerConformanceSuite} adds the protocol itself.
 */
public abstract class WorkerSuiteBase {

    /** The examples the suite drives, by what they do. */
    protected enum Example {
        ECHO,
        STREAMER,
        SLOW,
        ERRORS
    }

    static final Duration CALL = Duration.ofSeconds(20);
    /** Every worker pid the suite started; none may be running after it. */
    static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

    static ProxyTransport transport;

    final WorkerLauncher launcher = newLauncher();
    final List<WorkerHandle> started = new ArrayList<>();

    @TempDir
    Path dir;

    /** The launcher under test; called once per test. */
    protected abstract WorkerLauncher newLauncher();

    /**
     * A host process to be killed: it launches the worker of {@code pluginName} from {@code manifest} with the
     * launcher under test, logging to {@code host-death.log} beside the manifest, prints the worker's pid as its
     * first stdout line, then waits to be killed.
     */
    protected abstract ProcessBuilder hostProcess(Path manifest, String pluginName);

    /** Writes a manifest of {@code example} into {@code dir} and returns its path. */
    protected abstract Path manifest(Path dir, Example example) throws IOException;

    /** The plugin name {@code example} reports in {@code /health} and in its errors. */
    protected abstract String pluginName(Example example);

    @BeforeAll
    static void openTransport() {
        transport = new ProxyTransport(1);
    }

    @AfterEach
    void stopWorkers() {
        started.forEach(h -> h.stop(Duration.ofSeconds(2)));
        if (launcher instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new AssertionError("closing the launcher failed", e);
            }
        }
    }

    @AfterAll
    static void noWorkerRemains() {
        transport.close();
        assertThat(SEEN).isNotEmpty();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(SEEN.stream()
                                .filter(pid -> !Processes.exited(pid))
                                .toList())
                        .isEmpty());
    }

    // ---- worker death --------------------------------------------------------------------------------------

    @Test
    void aWorkerKilledDuringACallIsACrashNamingTheSignalNotOutOfMemory() throws IOException {
        WorkerHandle handle = spawn(Example.SLOW);
        WorkerClient client = client(handle);
        CompletableFuture<Object> call =
                client.executeAsync(List.of(), Map.of("steps", 1000L, "step_seconds", 0.05), CALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(client) > 0);
        ProcessHandle.of(handle.pid()).orElseThrow().destroyForcibly();
        // No out-of-memory kill was recorded for it: SIGKILL from anyone else is a crash, never retried.
        assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(WorkerCrashedError.class)
                .hasMessageContaining("signal 9 (SIGKILL)")
                .hasMessageContaining("not for lack of memory");
        assertThat(handle.onExit().join()).satisfies(exit -> {
            assertThat(exit.cause()).isEqualTo(WorkerExit.Cause.KILLED);
            assertThat(exit.signal()).hasValue(9);
            assertThat(exit.pid()).isEqualTo(handle.pid());
        });
    }

    @Test
    void aWorkerTerminatedByAnotherProcessDuringACallIsACrashNamingHowItEnded() throws Exception {
        WorkerHandle handle = spawn(Example.SLOW);
        WorkerClient client = client(handle);
        CompletableFuture<Object> call =
                client.executeAsync(List.of(), Map.of("steps", 1000L, "step_seconds", 0.05), CALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(client) > 0);
        ProcessHandle.of(handle.pid()).orElseThrow().destroy();
        // Both workers end on SIGTERM through their own handler: cleanup, then exit status 0. (The Java worker's
        // cleanup answers the running call as cancelled first; the host tells that apart from a caller's cancel.)
        assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(PluginError.class);
        assertThat(handle.onExit().get(10, TimeUnit.SECONDS).cause()).isEqualTo(WorkerExit.Cause.EXITED);
        assertThat(handle.deathError(Duration.ZERO).orElseThrow())
                .isInstanceOf(WorkerCrashedError.class)
                .hasMessageContaining("exited during the call with exit status 0");
    }

    @Test
    void aWorkerExitsWhenItsHostIsKilled() throws Exception {
        // The worker's own watch (end-of-file on stdin) and the launcher's reaper race to end it; either will do.
        workerEndsWithKilledHost(false);
    }

    @Test
    void aStoppedWorkerIsKilledWhenItsHostIsKilled() throws Exception {
        // A SIGSTOPped worker cannot notice its host's death: the launcher's reaper kills its process group.
        workerEndsWithKilledHost(true);
    }

    private void workerEndsWithKilledHost(boolean stopWorker) throws Exception {
        Path manifest = manifest(dir, Example.ECHO);
        Process host = hostProcess(manifest, pluginName(Example.ECHO))
                .redirectError(dir.resolve("host.err").toFile())
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
            String pidLine = out.readLine();
            assertThat(pidLine)
                    .as("worker pid from the host; host stderr: %s", Files.readString(dir.resolve("host.err")))
                    .isNotNull()
                    .matches("\\d+");
            long worker = Long.parseLong(pidLine);
            SEEN.add(worker);
            assertThat(Processes.exited(worker)).isFalse();
            if (stopWorker) {
                Processes.signal("STOP", worker);
                await().atMost(Duration.ofSeconds(5)).until(() -> Processes.state(worker) == 'T');
            }

            long killed = System.nanoTime();
            host.destroyForcibly(); // SIGKILL: the host gets no chance to stop its worker
            assertThat(host.waitFor(10, TimeUnit.SECONDS)).isTrue();
            // Orphans are reaped by init, which may take a while; a zombie has already exited.
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> Processes.exited(worker));
            // The figure for BENCHMARKS.md; a timed assertion would only make the suite flaky on a busy machine.
            System.out.printf(
                    "%s worker %d exited %d ms after its host was killed%n",
                    pluginName(Example.ECHO), worker, (System.nanoTime() - killed) / 1_000_000);
        } finally {
            host.destroyForcibly();
            host.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    WorkerHandle spawn(Example example) throws IOException {
        Path manifest = manifest(dir, example);
        String name = pluginName(example);
        WorkerHandle handle = launcher.launch(
                PluginLoadSpec.of(name, manifest),
                new LaunchOptions(name, Map.of(), dir.resolve("logs").resolve(name + ".log"), Duration.ofSeconds(30)));
        started.add(handle);
        SEEN.add(handle.pid());
        return handle;
    }

    static WorkerClient client(WorkerHandle handle) {
        return new WorkerClient(handle, handle.instanceId(), transport, 4);
    }

    static double progress(WorkerClient client) {
        return ((Number) map(client.call(Endpoint.PROGRESS, null, CALL)).get("progress")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
