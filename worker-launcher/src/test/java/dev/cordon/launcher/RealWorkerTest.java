package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.WorkerOOMError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Java workers, started by the launcher and driven through the host proxy. */
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
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(WorkerProcesses.running()).isEmpty());
    }

    private WorkerHandle spawn(String example) throws IOException {
        Path env = Path.of(System.getProperty("cordon.examples"), example, "target", "env").toAbsolutePath();
        Path manifest = dir.resolve(example + ".json");
        Files.writeString(manifest, """
                {"format_version": "2.0",
                 "install": {"python_path": "", "runtime": "java", "env_dir": "%s"},
                 "code": {"name": "%s", "version": "1.0.0", "description": "", "module": "", "class": "",
                          "interface": "dev.cordon.api.plugin.Plugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(env, example));
        WorkerHandle handle = launcher.launch(PluginLoadSpec.of(example, manifest),
                new LaunchOptions(example, Map.of(), dir.resolve("logs").resolve(example + ".log"),
                        Duration.ofSeconds(30)));
        started.add(handle);
        return handle;
    }

    private static WorkerClient client(WorkerHandle handle) {
        return new WorkerClient(handle, handle.instanceId(), transport, 4);
    }

    @Test
    void spawnsHandshakesAndServesEveryEndpoint() throws IOException {
        WorkerHandle handle = spawn("echo");
        WorkerClient client = client(handle);
        assertThat(handle.isAlive()).isTrue();
        assertThat(client.call("GET", "/health", null, CALL)).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", "running").containsEntry("name", "echo").containsEntry("pid", handle.pid());
        assertThat(map(client.call("GET", "/stats", null, CALL))).containsKeys("cpu_percent", "memory_rss_mb");
        assertThat(client.call("POST", "/initialize", Map.of("prefix", ">"), CALL)).isEqualTo(Map.of("status", "ok"));
        assertThat(client.call("GET", "/config", null, CALL)).isEqualTo(Map.of("prefix", ">"));
        assertThat(map(client.call("GET", "/config_schema", null, CALL))).containsEntry("type", "object");
        assertThat(client.call("GET", "/config_options", null, CALL)).isEqualTo(Map.of());
        assertThat(client.call("POST", "/prefetch", null, CALL)).isEqualTo(Map.of("status", "prefetched"));
        assertThat(client.call("POST", "/reconfigure", Map.of("old_config", Map.of("prefix", ">"),
                "new_config", Map.of("prefix", "<")), CALL)).isEqualTo(Map.of("status", "reconfigured"));
        assertThat(client.execute(List.of(1L, "a"), Map.of("k", true), CALL))
                .isEqualTo(Map.of("args", List.of(1L, "a"), "kwargs", Map.of("k", true)));
        assertThat(client.call("POST", "/cancel", null, CALL)).isEqualTo(Map.of("status", "cancelled"));
        assertThat(client.call("GET", "/progress", null, CALL)).isEqualTo(Map.of("progress", 0.0, "message", ""));
        assertThat(client.call("POST", "/on_disable", null, CALL)).isEqualTo(Map.of("status", "disabled"));
        assertThat(client.call("POST", "/on_enable", null, CALL)).isEqualTo(Map.of("status", "enabled"));
        assertThatThrownBy(() -> client.call("POST", "/get_system_status", null, CALL))
                .isInstanceOf(PluginFatalError.class).hasMessageContaining("not a MonitorPlugin");
        assertThat(client.call("POST", "/cleanup", null, CALL)).isEqualTo(Map.of("status", "cleaned"));
        assertThat(handle.stop(Duration.ofSeconds(2))).isZero();
        assertThat(handle.isAlive()).isFalse();
    }

    @Test
    void refusesBadRequestsAndKeepsServing() throws IOException {
        WorkerHandle handle = spawn("echo");
        String token = handle.token().orElseThrow();
        assertThat(raw(handle, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Bearer realm=\"cordon-worker\"");
        String auth = "Authorization: Bearer " + token + "\r\nConnection: close\r\n";
        assertThat(raw(handle, "POST /execute HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 4\r\n\r\n{bad"))
                .startsWith("HTTP/1.1 400").contains("not valid JSON");
        assertThat(raw(handle, "GET /nope HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")).startsWith("HTTP/1.1 404");
        assertThat(raw(handle, "GET /execute HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")).startsWith("HTTP/1.1 405")
                .contains("Allow: POST");
        assertThat(raw(handle, "POST /execute HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 999999999\r\n\r\n"))
                .startsWith("HTTP/1.1 413").contains("exceeds the worker's limit");
        assertThat(client(handle).execute(List.of(), Map.of("still", "serving"), CALL))
                .isEqualTo(Map.of("args", List.of(), "kwargs", Map.of("still", "serving")));
    }

    @Test
    void everyErrorCategoryCrossesTheUnaryAndStreamPaths() throws IOException {
        WorkerClient client = client(spawn("echo"));
        Map<String, Class<? extends PluginError>> kinds = Map.of("user_input", PluginInputError.class,
                "transient", PluginTransientError.class, "resource", PluginResourceError.class,
                "fatal", PluginFatalError.class, "cancelled", PluginCancelledError.class,
                "bug", PluginFatalError.class);
        kinds.forEach((kind, type) -> {
            assertThatThrownBy(() -> client.execute(List.of(), Map.of("fail", kind), CALL)).isExactlyInstanceOf(type);
            WorkerClient.ChunkIterator chunks = client.executeStream(List.of(), Map.of("fail", kind), CALL);
            assertThat(chunks.next()).isEqualTo(Map.of("args", List.of(), "kwargs", Map.of("fail", kind)));
            assertThatThrownBy(chunks::hasNext).isExactlyInstanceOf(type);
        });
        assertThatThrownBy(() -> client.execute(List.of(), Map.of("fail", "transient"), CALL))
                .isInstanceOfSatisfying(PluginTransientError.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(2.5));
        assertThatThrownBy(() -> client.execute(List.of(), Map.of("fail", "user_input"), CALL))
                .isInstanceOfSatisfying(PluginInputError.class, e -> assertThat(e.fieldsInvalid()).containsExactly("x"));
    }

    @Test
    void streamsEveryChunkInOrder() throws IOException {
        WorkerClient client = client(spawn("streamer"));
        WorkerClient.ChunkIterator chunks = client.executeStream(List.of(), Map.of("n", 5000L), CALL);
        long expected = 0;
        while (chunks.hasNext()) {
            assertThat(chunks.next()).isEqualTo(Map.of("i", expected++));
        }
        assertThat(expected).isEqualTo(5000);
        CompletableFuture<List<Object>> received = new CompletableFuture<>();
        client.publishStream(List.of(), Map.of("n", 3L), CALL, Runnable::run).subscribe(new Collector(received));
        assertThat(received.join()).containsExactly(Map.of("i", 0L), Map.of("i", 1L), Map.of("i", 2L));
    }

    @Test
    void cancelStopsARunningCallCooperativelyAndProgressIsVisible() throws IOException {
        WorkerClient client = client(spawn("slow"));
        CompletableFuture<Object> call = client.executeAsync(List.of(), Map.of("steps", 1000L, "step_ms", 20L), CALL);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ((Number) ((Map<?, ?>) client.call("GET", "/progress", null, CALL)).get("progress")).doubleValue() > 0);
        client.call("POST", "/cancel", null, CALL);
        assertThatThrownBy(call::join).hasCauseExactlyInstanceOf(PluginCancelledError.class);
        assertThat(client.execute(List.of(), Map.of("steps", 1L, "step_ms", 1L), CALL)).isEqualTo(Map.of("steps", 1L));
    }

    @Test
    void aWorkerKilledDuringACallIsReportedAsOutOfMemory() throws IOException {
        WorkerHandle handle = spawn("slow");
        WorkerClient client = client(handle);
        CompletableFuture<Object> call = client.executeAsync(List.of(), Map.of("steps", 1000L, "step_ms", 50L), CALL);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ((Number) ((Map<?, ?>) client.call("GET", "/progress", null, CALL)).get("progress")).doubleValue() > 0);
        ProcessHandle.of(handle.pid()).orElseThrow().destroyForcibly();
        assertThatThrownBy(call::join).hasCauseInstanceOf(WorkerOOMError.class);
    }

    @Test
    void aPluginWithItsOwnGsonVersionGetsItsOwn() throws IOException {
        WorkerClient client = client(spawn("oldgson"));
        assertThat(client.execute(List.of(), Map.of("a", 1L), CALL))
                .isEqualTo(Map.of("gson_jar", "gson-2.10.1.jar", "json", "{\"a\":1}"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static String raw(WorkerHandle handle, String request) throws IOException {
        try (Socket socket = new Socket(handle.url().getHost(), handle.url().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Collector(CompletableFuture<List<Object>> done) implements java.util.concurrent.Flow.Subscriber<Object> {
        private static final List<Object> ITEMS = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            ITEMS.clear();
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object item) {
            ITEMS.add(item);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(List.copyOf(ITEMS));
        }
    }
}
