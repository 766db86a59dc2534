package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the Java worker has, on real workers started by the launcher: each plugin in a module layer of its own.
 * The protocol itself is checked for both workers by {@code conformance.WorkerConformanceSuite}.
 */
class RealWorkerTest {

    private static final Duration CALL = Duration.ofSeconds(20);
    private static ProxyTransport transport;
    private final ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
    private final List<WorkerHandle> started = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void transport() {
        transport = new ProxyTransport(1);
    }

    @AfterEach
    void stopWorkers() {
        started.forEach(h -> h.stop(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void noWorkerRemains() {
        transport.close();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(WorkerProcesses.running()).isEmpty());
    }

    private WorkerHandle spawn(String example) throws IOException {
        Path manifest = TestManifests.javaExample(dir, example);
        WorkerHandle handle = launcher.launch(
                PluginLoadSpec.of(example, manifest),
                new LaunchOptions(
                        example, Map.of(), dir.resolve("logs").resolve(example + ".log"), Duration.ofSeconds(30)));
        started.add(handle);
        return handle;
    }

    @Test
    void aPluginWithItsOwnGsonVersionGetsItsOwn() throws IOException {
        WorkerClient client = new WorkerClient(spawn("oldgson"), "oldgson", transport, 4);
        assertThat(client.execute(List.of(), Map.of("a", 1L), CALL))
                .isEqualTo(Map.of("gson_jar", "gson-2.10.1.jar", "json", "{\"a\":1}"));
    }

    @Test
    void aWorkerIsTheKernelsFirstChoiceWhenMemoryRunsOutAndItsHostKeepsItsOwnScore() throws IOException {
        String host = Files.readString(Path.of("/proc/self/oom_score_adj")).trim();
        Assumptions.assumeTrue(
                Integer.parseInt(host) <= 500, "this JVM's own score is above a worker's; a worker keeps it then");

        WorkerHandle worker = spawn("echo");

        assertThat(Files.readString(Path.of("/proc", Long.toString(worker.pid()), "oom_score_adj"))
                        .trim())
                .isEqualTo("500");
        assertThat(Files.readString(Path.of("/proc/self/oom_score_adj")).trim()).isEqualTo(host);
    }
}
