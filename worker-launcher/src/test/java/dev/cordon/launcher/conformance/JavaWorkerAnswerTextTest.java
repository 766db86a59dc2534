package dev.cordon.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.TestManifests;
import dev.cordon.launcher.WorkerProcesses;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java plugin's answer that is not plain JSON as it stands: the worker writes plain answers as they are and
 * converts the rest (records, enums, {@code Optional}s, {@code int}s) before writing, with the same text either way.
 */
class JavaWorkerAnswerTextTest {

    private static final Duration CALL = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aRecordInsideAnAnswerIsWrittenAsItsJsonObject() throws IOException {
        Path manifest = TestManifests.javaExample(dir, "configdemo");
        WorkerHandle handle = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties())
                .launch(
                        PluginLoadSpec.of("configdemo", manifest),
                        new LaunchOptions("configdemo", Map.of(), dir.resolve("configdemo.log"), CALL));
        long pid = handle.pid();
        try (ProxyTransport transport = new ProxyTransport(1);
                WorkerClient client = new WorkerClient(handle, "configdemo", transport, 2)) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("workspace", "/tmp/ws");
            config.put("batchSize", 4);
            client.call(Endpoint.INITIALIZE, config, CALL);

            Object answer = client.execute(List.of(), Map.of(), CALL);

            assertThat(answer).isInstanceOf(Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> written = (Map<String, Object>) ((Map<?, ?>) answer).get("config");
            assertThat(written)
                    .containsEntry("workspace", "/tmp/ws")
                    .containsEntry("batchSize", 4L)
                    .containsEntry("quality", "STANDARD")
                    .containsEntry("note", null)
                    .containsEntry("retry", Map.of("attempts", 3L, "backoffSeconds", 0.5));
            assertThat(((Map<?, ?>) answer).get("hooks_run")).isEqualTo(List.of());
        } finally {
            handle.stop(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> WorkerProcesses.exited(pid));
        }
    }
}
