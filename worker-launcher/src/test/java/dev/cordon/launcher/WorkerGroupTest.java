package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerExit;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker and everything it started are one process group that dies with the worker, however the worker ends; the
 * bearer token is nowhere a plugin can read it. Real workers throughout: the {@code probe} plugin (test resources)
 * starts children and reports its environment; the Java {@code echo} example stands for the Java worker.
 */
class WorkerGroupTest {

    private static final Duration CALL = Duration.ofSeconds(20);
    private static ProxyTransport transport;

    private final ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
    private final List<WorkerHandle> started = new ArrayList<>();
    private final List<Long> children = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void openTransport() {
        transport = new ProxyTransport(1);
    }

    @AfterAll
    static void closeTransport() {
        transport.close();
    }

    @AfterEach
    void nothingLeft() {
        started.forEach(h -> h.stop(Duration.ofSeconds(2)));
        launcher.close();
        for (WorkerHandle h : started) {
            assertThat(WorkerProcesses.exited(h.pid())).as("worker %d", h.pid()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(children.stream()
                                .filter(pid -> !WorkerProcesses.exited(pid))
                                .toList())
                        .isEmpty());
    }

    @Test
    void aPluginsChildDiesWithItsWorkerKilledFromOutside() throws Exception {
        WorkerHandle worker = launch(probe(), Map.of());
        long child = spawnChild(worker);
        assertThat(WorkerProcesses.exited(child)).isFalse();

        ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly();

        WorkerExit exit = worker.onExit().get(10, TimeUnit.SECONDS);
        assertThat(exit.cause()).isEqualTo(WorkerExit.Cause.KILLED);
        assertThat(exit.signal()).hasValue(9);
        // The group was sent SIGKILL before the exit was reported; the child dies with it, not merely orphaned.
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerProcesses.exited(child));
    }

    @Test
    void stopEndsThePluginsChildrenAndReportsAStop() throws Exception {
        WorkerHandle worker = launch(probe(), Map.of());
        long child = spawnChild(worker);

        worker.stop(Duration.ofSeconds(2));

        assertThat(worker.onExit().get(10, TimeUnit.SECONDS).cause()).isEqualTo(WorkerExit.Cause.STOPPED);
        assertThat(worker.deathError(Duration.ZERO)).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerProcesses.exited(child));
    }

    @Test
    void aStoppedWorkerIsStillStoppedAndKilled() throws Exception {
        WorkerHandle worker = launch(probe(), Map.of());
        long child = spawnChild(worker);
        signal("STOP", worker.pid());
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerProcesses.state(worker.pid()) == 'T');

        worker.stop(Duration.ofMillis(300));

        assertThat(worker.onExit().get(10, TimeUnit.SECONDS).signal()).hasValue(9);
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerProcesses.exited(child));
    }

    @Test
    void aSegfaultIsACrashNamingTheSignal() throws Exception {
        WorkerHandle worker = launch(probe(), Map.of());
        signal("SEGV", worker.pid());

        WorkerExit exit = worker.onExit().get(10, TimeUnit.SECONDS);
        assertThat(exit.cause()).isEqualTo(WorkerExit.Cause.CRASHED);
        assertThat(exit.describe()).isEqualTo("signal 11 (SIGSEGV)");
        assertThat(worker.deathError(Duration.ZERO).orElseThrow())
                .hasMessageContaining("crashed during the call on signal 11 (SIGSEGV)");
    }

    @Test
    void aChildStartedAtImportDiesWithAWorkerThatFailsToLoad() throws Exception {
        Path pidFile = dir.resolve("child.pid");

        assertThatThrownBy(() -> launch(probe(), Map.of("PROBE_CHILD_AT_IMPORT", pidFile.toString())))
                .isInstanceOf(PluginFatalError.class)
                .hasMessageContaining("probe refuses to load");

        long child = Long.parseLong(Files.readString(pidFile).strip());
        children.add(child);
        await().atMost(Duration.ofSeconds(5)).until(() -> WorkerProcesses.exited(child));
    }

    @Test
    void thePythonPluginFindsNoTokenInItsEnvironmentNorInProcSelfEnviron() throws Exception {
        WorkerHandle worker = launch(probe(), Map.of());
        String token = worker.token().orElseThrow();

        @SuppressWarnings("unchecked")
        Map<String, Object> seen =
                (Map<String, Object>) client(worker).execute(List.of(), Map.of("action", "environ"), CALL);

        assertThat((Map<String, Object>) seen.get("env"))
                .doesNotContainKey("CORDON_WORKER_TOKEN")
                .containsKey("CORDON_LOG_FILE");
        assertThat(seen.toString()).doesNotContain(token);
        assertThat(seen.get("proc").toString()).contains("CORDON_LOG_FILE=").doesNotContain(token);
    }

    @Test
    void theJavaWorkersEnvironmentHoldsNoToken() throws Exception {
        WorkerHandle worker = launch(TestManifests.javaExample(dir, "echo"), Map.of());
        String token = worker.token().orElseThrow();

        // What System.getenv() of the worker and of every child it starts is built from.
        String environ =
                Files.readString(Path.of("/proc", Long.toString(worker.pid()), "environ"), StandardCharsets.ISO_8859_1);

        assertThat(environ).contains("CORDON_LOG_FILE=").doesNotContain(token).doesNotContain("CORDON_WORKER_TOKEN");
        assertThat(client(worker).execute(List.of(), Map.of("text", "hi"), CALL))
                .isNotNull();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Path probe() throws Exception {
        Path folder = Path.of(WorkerGroupTest.class
                        .getResource("/probe/manifest.json")
                        .toURI())
                .getParent();
        Path manifest = dir.resolve("probe.json");
        Files.writeString(
                manifest,
                Files.readString(folder.resolve("manifest.json"))
                        .replace("\"env_dir\": \".\"", "\"env_dir\": \"" + folder + "\""));
        return manifest;
    }

    private WorkerHandle launch(Path manifest, Map<String, String> env) {
        String name = manifest.getFileName().toString().replace(".json", "");
        WorkerHandle handle = launcher.launch(
                PluginLoadSpec.of(name, manifest),
                new LaunchOptions(name, env, dir.resolve("logs").resolve(name + ".log"), Duration.ofSeconds(30)));
        started.add(handle);
        return handle;
    }

    private long spawnChild(WorkerHandle worker) {
        long child = ((Number) client(worker).execute(List.of(), Map.of("action", "spawn"), CALL)).longValue();
        children.add(child);
        return child;
    }

    private static WorkerClient client(WorkerHandle handle) {
        return new WorkerClient(handle, handle.instanceId(), transport, 4);
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                        .start()
                        .waitFor())
                .isZero();
    }
}
