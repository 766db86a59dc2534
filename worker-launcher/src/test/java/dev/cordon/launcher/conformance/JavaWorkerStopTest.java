package dev.cordon.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerExit;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.TestManifests;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import dev.cordon.testkit.worker.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a Java worker is stopped — the launcher's stop ({@code /cleanup}, then SIGTERM), SIGTERM during a call,
 * and end-of-file on standard input when its host dies — runs the plugin's {@code cleanup()} exactly once (the
 * worker logs each run), answers a running call, and ends the process. How fast is measured by
 * {@code benchmarks/run.sh unload}, not here.
 */
class JavaWorkerStopTest {

    private static final Duration CALL = Duration.ofSeconds(20);
    private static ProxyTransport transport;

    private final WorkerLauncher launcher = LauncherConformance.launcher();

    @TempDir
    Path dir;

    private WorkerHandle handle;

    @BeforeAll
    static void openTransport() {
        transport = new ProxyTransport(1);
    }

    @AfterAll
    static void closeTransport() {
        transport.close();
    }

    @AfterEach
    void stopWorker() throws Exception {
        if (handle != null) {
            handle.stop(Duration.ofSeconds(2));
        }
        if (launcher instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void theLaunchersStopCleansUpOnceAndEndsTheProcess() throws IOException {
        WorkerClient client = spawnSlow();
        assertThat(client.execute(List.of(), Map.of("steps", 1L, "step_seconds", 0.0), CALL))
                .isEqualTo(Map.of("steps", 1L));

        assertThat(handle.stop(Duration.ofSeconds(5))).as("exit status").isZero();

        assertThat(Processes.exited(handle.pid())).isTrue();
        assertThat(cleanups(handle.logFile())).isEqualTo(1);
    }

    @Test
    void sigtermDuringACallAnswersItWithATypedErrorCleansUpOnceAndEnds() throws Exception {
        WorkerClient client = spawnSlow();
        CompletableFuture<Object> call =
                client.executeAsync(List.of(), Map.of("steps", 1000L, "step_seconds", 0.05), CALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(client) > 0);

        ProcessHandle.of(handle.pid()).orElseThrow().destroy();

        assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(PluginError.class);
        WorkerExit exit = handle.onExit().get(10, TimeUnit.SECONDS);
        assertThat(exit.cause()).isEqualTo(WorkerExit.Cause.EXITED);
        assertThat(exit.returncode()).isZero();
        assertThat(Processes.exited(handle.pid())).isTrue();
        assertThat(cleanups(handle.logFile())).isEqualTo(1);
    }

    @Test
    void theEndOfStandardInputCleansUpOnceAndEnds() throws Exception {
        // Started by hand: under the launcher, a host's death also lets its reaper SIGKILL the worker's group,
        // which races the worker's own stop.
        Path log = dir.resolve("eof.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--module-path",
                        System.getProperty("cordon.worker.lib"),
                        "-m",
                        "dev.cordon.worker/dev.cordon.worker.Main",
                        "--env-dir",
                        Path.of(System.getProperty("cordon.examples"), "slow", "target", "env")
                                .toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("CORDON_LOG_FILE", log.toString());
        Process worker = builder.start();
        try {
            worker.getOutputStream().write("token\n".getBytes(StandardCharsets.US_ASCII));
            worker.getOutputStream().flush();
            String handshake = new BufferedReader(
                            new InputStreamReader(worker.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(handshake).as("handshake; log: %s", log).startsWith("CORDON|1|");

            worker.getOutputStream().close();

            assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.exitValue()).as("exit status: host gone").isEqualTo(4);
            assertThat(Processes.exited(worker.pid())).isTrue();
            assertThat(cleanups(log)).isEqualTo(1);
        } finally {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private WorkerClient spawnSlow() throws IOException {
        Path manifest = TestManifests.javaExample(dir, "slow");
        handle = launcher.launch(
                PluginLoadSpec.of("slow", manifest),
                new LaunchOptions("slow", Map.of(), dir.resolve("slow.log"), Duration.ofSeconds(30)));
        return new WorkerClient(handle, handle.instanceId(), transport, 2);
    }

    private static double progress(WorkerClient client) {
        Object answer = client.call(Endpoint.PROGRESS, null, CALL);
        return ((Number) ((Map<?, ?>) answer).get("progress")).doubleValue();
    }

    /** How often the worker logged a run of the plugin's {@code cleanup()}. */
    private static long cleanups(Path log) throws IOException {
        Pattern ran = Pattern.compile("cleanup\\(\\) of plugin '[^']+' ran");
        return Files.readAllLines(log).stream()
                .filter(l -> ran.matcher(l).find())
                .count();
    }
}
