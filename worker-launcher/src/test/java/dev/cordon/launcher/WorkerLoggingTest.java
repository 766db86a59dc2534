package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.LogStamp;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Java plugin logs reaches its instance's log file, in the worker's line format, stamped with the job of the
 * call that wrote it.
 */
class WorkerLoggingTest {

    private static final Duration CALL = Duration.ofSeconds(20);
    private static final String STAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @TempDir
    Path dir;

    @AfterAll
    static void noWorkerRemains() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(WorkerProcesses.running()).isEmpty());
    }

    @Test
    void javaUtilLoggingStartsOnFirstUseAndWritesToTheInstanceLog() throws Exception {
        Path log = dir.resolve("echo.log");
        WorkerHandle handle = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties())
                .launch(
                        PluginLoadSpec.of("echo", TestManifests.javaExample(dir, "echo")),
                        new LaunchOptions("echo", Map.of(), log, CALL));
        try (ProxyTransport transport = new ProxyTransport(1);
                WorkerClient client = new WorkerClient(handle, "echo", transport, 1)) {
            client.execute(List.of(), Map.of("log", "hello through java.util.logging"), CALL);
            client.execute(List.of(), Map.of("log", "and again"), CALL);
        } finally {
            handle.stop(Duration.ofSeconds(5));
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines)
                .anyMatch(l -> l.matches(
                        STAMP + " \\[INFO\\] dev\\.cordon\\.examples\\.echo: hello through java\\.util\\.logging"));
        assertThat(lines).anyMatch(l -> l.matches(STAMP + " \\[INFO\\] dev\\.cordon\\.examples\\.echo: and again"));
        assertThat(lines).noneMatch(l -> l.contains("WARN") || l.contains("ERROR"));
    }

    @Test
    void concurrentCallsOnAThreadSafePluginEachStampTheirOwnLines() throws Exception {
        Path log = dir.resolve("echo-concurrent.log");
        WorkerHandle handle = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties())
                .launch(
                        PluginLoadSpec.of("echo", TestManifests.javaExample(dir, "echo")),
                        new LaunchOptions("echo", Map.of(), log, CALL));
        int calls = 200;
        try (ProxyTransport transport = new ProxyTransport(2);
                WorkerClient client = new WorkerClient(handle, "echo", transport, 16)) {
            List<CompletableFuture<Object>> running = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                Call call = new Call(List.of(), Map.of("log", "line of call " + i), CallContext.ofJob("job-" + i));
                running.add(client.executeAsync(call, CALL));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            handle.stop(Duration.ofSeconds(5));
        }
        List<String> lines = Files.readAllLines(log).stream()
                .filter(l -> l.contains("line of call "))
                .toList();
        assertThat(lines).hasSize(calls);
        for (String line : lines) {
            String call = line.substring(line.indexOf("line of call ") + "line of call ".length());
            assertThat(LogStamp.carriesJob(line, "job-" + call)).as(line).isTrue();
        }
    }
}
