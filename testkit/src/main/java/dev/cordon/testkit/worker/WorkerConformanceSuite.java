package dev.cordon.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.LogStamp;
import dev.cordon.runtime.internal.proxy.ChunkIterator;
import dev.cordon.runtime.internal.proxy.UnsupportedEndpointError;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Protocol v1 ({@code docs/protocol.md}) as every worker must speak it, checked on real worker processes started by
 * the real launcher and driven through the host proxy — or byte for byte where the proxy never sends such a request.
 * A subclass names its worker's four example plugins, which behave alike whatever the language:
 * <ul>
 *   <li>{@link Example#ECHO}: returns {@code {"args", "kwargs"}}, string args tagged with the config's {@code prefix};</li>
 *   <li>{@link Example#STREAMER}: streams {@code n} chunks {@code {"i": …}} (plus {@code payload} when given),
 *       {@code pause_seconds} apart (a cancel ends a pause);</li>
 *   <li>{@link Example#SLOW}: {@code steps} steps of {@code step_seconds}, progress after each, honours cancel;</li>
 *   <li>{@link Example#ERRORS}: raises the {@code category} asked for, on a stream after {@code after} chunks.</li>
 * </ul>
 */
public abstract class WorkerConformanceSuite extends WorkerSuiteBase {

    // ---- start-up and endpoints ----------------------------------------------------------------------------

    @Test
    void handshakesAndReportsHealth() throws IOException {
        WorkerHandle handle = spawn(Example.ECHO);
        assertThat(handle.isAlive()).isTrue();
        assertThat(handle.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(handle.token()).hasValueSatisfying(t -> assertThat(t).hasSizeGreaterThanOrEqualTo(22));
        assertThat(client(handle).call(Endpoint.HEALTH, null, CALL))
                .isEqualTo(Map.of(
                        "status",
                        "running",
                        "pid",
                        handle.pid(),
                        "name",
                        pluginName(Example.ECHO),
                        "version",
                        "1.0.0",
                        "protocol",
                        1L));
    }

    @Test
    void statsReportTheRealProcess() throws IOException {
        WorkerHandle handle = spawn(Example.ECHO);
        Map<String, Object> stats = map(client(handle).call(Endpoint.STATS, null, CALL));
        assertThat(stats)
                .containsEntry("pid", handle.pid())
                .containsEntry("usage", null)
                .containsKeys("cpu_percent", "memory_rss_mb", "subtree_pids");
        assertThat(stats.get("subtree_pids")).asInstanceOf(LIST).first().isEqualTo(handle.pid());
        assertThat(map(client(handle).call(Endpoint.USAGE, null, CALL)))
                .as("/usage: the usage of /stats alone")
                .containsOnlyKeys("usage")
                .containsEntry("usage", null);
        assertThat(((Number) stats.get("cpu_percent")).doubleValue()).isGreaterThanOrEqualTo(0.0);
        double rss = ((Number) stats.get("memory_rss_mb")).doubleValue();
        double procRss = Processes.rssMb(handle.pid());
        assertThat(rss)
                .as("RSS from /stats against /proc/%d/statm (%.1f MiB)", handle.pid(), procRss)
                .isPositive()
                .isBetween(procRss / 2, procRss * 2);
    }

    @Test
    void servesEveryEndpointThenCleansUpAndStops() throws IOException {
        WorkerHandle handle = spawn(Example.ECHO);
        WorkerClient client = client(handle);
        assertThat(client.call(Endpoint.INITIALIZE, Map.of("prefix", ">"), CALL))
                .isEqualTo(Map.of("status", "ok"));
        assertThat(client.call(Endpoint.CONFIG, null, CALL)).isEqualTo(Map.of("prefix", ">"));
        assertThat(client.call(Endpoint.CONFIG_SCHEMA, null, CALL))
                .asInstanceOf(MAP)
                .containsEntry("type", "object")
                .extractingByKey("properties")
                .asInstanceOf(MAP)
                .containsKey("prefix");
        assertThat(client.call(Endpoint.CONFIG_OPTIONS, null, CALL)).isEqualTo(Map.of());
        assertThat(client.call(Endpoint.PREFETCH, null, CALL)).isEqualTo(Map.of("status", "prefetched"));
        assertThat(client.call(
                        Endpoint.RECONFIGURE,
                        Map.of("old_config", Map.of("prefix", ">"), "new_config", Map.of("prefix", "<")),
                        CALL))
                .isEqualTo(Map.of("status", "reconfigured"));
        assertThat(client.call(Endpoint.CONFIG, null, CALL)).isEqualTo(Map.of("prefix", "<"));
        assertThat(client.execute(List.of("a", 1L), Map.of("k", true), CALL))
                .isEqualTo(Map.of("args", List.of("<a", 1L), "kwargs", Map.of("k", true)));
        assertThat(client.execute(List.of(), Map.of(), CALL)).isEqualTo(Map.of("args", List.of(), "kwargs", Map.of()));
        assertThat(client.call(Endpoint.CANCEL, null, CALL)).isEqualTo(Map.of("status", "cancelled"));
        assertThat(client.call(Endpoint.PROGRESS, null, CALL)).isEqualTo(Map.of("progress", 0.0, "message", ""));
        assertThat(client.call(Endpoint.ON_DISABLE, null, CALL)).isEqualTo(Map.of("status", "disabled"));
        assertThat(client.call(Endpoint.ON_ENABLE, null, CALL)).isEqualTo(Map.of("status", "enabled"));
        for (Endpoint monitor : List.of(Endpoint.GET_SYSTEM_STATUS, Endpoint.LIST_PROCESSES)) {
            assertThatThrownBy(() -> client.call(monitor, null, CALL))
                    .isInstanceOf(PluginFatalError.class)
                    .hasMessageContaining("not a MonitorPlugin");
        }
        assertThat(client.call(Endpoint.CLEANUP, null, CALL)).isEqualTo(Map.of("status", "cleaned"));
        assertThat(handle.stop(Duration.ofSeconds(5))).isZero();
        assertThat(handle.isAlive()).isFalse();
    }

    @Test
    void whatAPluginReportsDuringACallComesWithItsAnswer() throws Exception {
        WorkerClient slow = client(spawn(Example.SLOW));
        WorkerClient.Reply reported = slow.executeReplyAsync(
                        new Call(List.of(), Map.of("steps", 2L, "step_seconds", 0.0)), CALL)
                .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reported.value()).isEqualTo(Map.of("steps", 2L));
        assertThat(reported.usage()).as("the usage header of /execute").isEqualTo(Map.of("steps", 2.0));
        WorkerClient echo = client(spawn(Example.ECHO));
        assertThat(echo.executeReplyAsync(new Call(List.of(), Map.of()), CALL)
                        .get(CALL.toMillis(), TimeUnit.MILLISECONDS)
                        .usage())
                .as("no header when the plugin reported nothing")
                .isEmpty();
        WorkerClient streamer = client(spawn(Example.STREAMER));
        try (ChunkIterator chunks = streamer.executeStream(List.of(), Map.of("n", 4L), CALL)) {
            assertThat(chunks.usage()).as("nothing before the stream's end").isEmpty();
            chunks.forEachRemaining(chunk -> {});
            assertThat(chunks.usage())
                    .as("the usage trailer of /execute_stream")
                    .isEqualTo(Map.of("chunks", 4.0));
        }
    }

    // ---- streaming ---------------------------------------------------------------------------------------------

    @Test
    void aStreamIsChunkedNdjsonOfCompactUtf8Lines() throws IOException {
        WorkerHandle handle = spawn(Example.STREAMER);
        RawHttp stream = RawHttp.authorized(
                handle, "POST /execute_stream HTTP/1.1", "{\"kwargs\":{\"n\":3,\"payload\":\"line\\nbreak é\"}}");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.headers())
                .containsEntry("Content-Type", "application/x-ndjson")
                .containsEntry("Transfer-Encoding", "chunked");
        assertThat(stream.body()).isEqualTo("""
                {"i":0,"payload":"line\\nbreak é"}
                {"i":1,"payload":"line\\nbreak é"}
                {"i":2,"payload":"line\\nbreak é"}
                """);
    }

    @Test
    void everyChunkArrivesInOrderThroughTheProxy() throws IOException {
        WorkerClient client = client(spawn(Example.STREAMER));
        long expected = 0;
        try (ChunkIterator chunks = client.executeStream(List.of(), Map.of("n", 5000L), CALL)) {
            while (chunks.hasNext()) {
                assertThat(chunks.next()).isEqualTo(Map.of("i", expected++));
            }
        }
        assertThat(expected).isEqualTo(5000);
        try (ChunkIterator none = client.executeStream(List.of(), Map.of("n", 0L), CALL)) {
            assertThat(none.hasNext()).as("zero chunks").isFalse();
        }
        CompletableFuture<List<Object>> received =
                Published.collect(client.publishStream(List.of(), Map.of("n", 3L), CALL, Runnable::run));
        assertThat(received.join()).containsExactly(Map.of("i", 0L), Map.of("i", 1L), Map.of("i", 2L));
        assertThat(client.execute(List.of(), Map.of("n", 2L), CALL))
                .as("execute on a streaming plugin")
                .isEqualTo(List.of(Map.of("i", 0L), Map.of("i", 1L)));
    }

    // ---- call context ------------------------------------------------------------------------------------------

    @Test
    void callHeadersStampTheLinesACallLogsAndAMalformedOneIsRefusedTyped() throws IOException {
        WorkerHandle handle = spawn(Example.SLOW);
        WorkerClient client = client(handle);
        CallContext context = new CallContext(Optional.of("job 7"), Optional.of("run-1"), Optional.of("Jane Doe"));
        Map<String, Object> kwargs = Map.of("steps", 2L, "step_seconds", 0.0);
        assertThat(client.executeAsync(new Call(List.of(), kwargs, context), CALL)
                        .join())
                .isEqualTo(Map.of("steps", 2L));
        try (ChunkIterator chunks = client.executeStream(
                new Call(List.of(), Map.of("steps", 3L, "step_seconds", 0.0), CallContext.ofJob("job-8")), CALL)) {
            assertThat(chunks.next()).isEqualTo(Map.of("steps", 3L));
        }
        assertThat(client.execute(List.of(), Map.of("steps", 4L, "step_seconds", 0.0), CALL))
                .isEqualTo(Map.of("steps", 4L));
        Path log = dir.resolve("logs").resolve(pluginName(Example.SLOW) + ".log");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains("working in 4 ")));
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.stream().filter(l -> LogStamp.carriesJob(l, "job 7")))
                .singleElement()
                .asString()
                .contains("[INFO] [job=job%207 run=run-1 actor=Jane%20Doe] ")
                .contains("working in 2 steps");
        assertThat(lines.stream().filter(l -> LogStamp.carriesJob(l, "job-8")))
                .as("a stream's lines")
                .singleElement()
                .asString()
                .contains("[INFO] [job=job-8] ")
                .contains("working in 3 steps");
        assertThat(lines.stream().filter(l -> l.contains("working in 4 ")))
                .as("a call without context stamps nothing")
                .singleElement()
                .asString()
                .doesNotContain("[job=");

        for (String path : List.of("/execute", "/execute_stream")) {
            RawHttp refused = RawHttp.authorized(
                    handle, "POST " + path + " HTTP/1.1\r\nX-Cordon-Actor: \u00e9", "{\"kwargs\":{\"steps\":0}}");
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.body())
                    .as(path)
                    .startsWith("{\"_job_error\":{\"category\":\"user_input\"")
                    .contains("X-Cordon-Actor must be printable ASCII");
        }
        assertThat(RawHttp.authorized(
                                handle,
                                "POST /execute HTTP/1.1\r\nX-Cordon-Run-Id: " + "r".repeat(201),
                                "{\"kwargs\":{\"steps\":0}}")
                        .body())
                .contains("X-Cordon-Run-Id must be 1 to 200 characters long, got 201");
    }

    // ---- refused requests ------------------------------------------------------------------------------------

    @Test
    void refusesBadRequestsAndKeepsServingAfterEach() throws IOException {
        WorkerHandle handle = spawn(Example.ECHO);
        WorkerClient client = client(handle);

        RawHttp noToken = RawHttp.exchange(handle, "GET /health HTTP/1.1\r\n", "");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"cordon-worker\"");
        assertThat(noToken.body()).contains("\"detail\"");
        assertThat(RawHttp.exchange(handle, "GET /health HTTP/1.1\r\nAuthorization: Bearer wrong\r\n", "")
                        .status())
                .isEqualTo(401);
        assertStillServing(client);

        RawHttp malformed = RawHttp.authorized(handle, "POST /execute HTTP/1.1", "{bad");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"detail\"").contains("not valid JSON");
        assertThat(RawHttp.authorized(handle, "POST /execute_stream HTTP/1.1", "{bad")
                        .status())
                .isEqualTo(400);
        assertThat(RawHttp.authorized(handle, "POST /execute HTTP/1.1", "{\"args\":{}}")
                        .status())
                .isEqualTo(400);
        assertStillServing(client);

        assertThat(RawHttp.authorized(handle, "GET /nope HTTP/1.1", "").status())
                .isEqualTo(404);
        assertThat(RawHttp.authorized(handle, "GET /docs HTTP/1.1", "").status())
                .isEqualTo(404);
        assertStillServing(client);

        RawHttp wrongMethod = RawHttp.authorized(handle, "GET /execute HTTP/1.1", "");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.headers()).containsEntry("Allow", "POST");
        assertStillServing(client);

        RawHttp tooLarge = RawHttp.exchange(
                handle,
                "POST /execute HTTP/1.1\r\nAuthorization: Bearer "
                        + handle.token().orElseThrow() + "\r\nContent-Length: 999999999\r\n",
                "");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("exceeds the worker's limit");
        assertStillServing(client);
    }

    private static void assertStillServing(WorkerClient client) {
        assertThat(client.execute(List.of(), Map.of("still", "serving"), CALL))
                .isEqualTo(Map.of("args", List.of(), "kwargs", Map.of("still", "serving")));
    }

    // ---- typed errors -------------------------------------------------------------------------------------------

    /** Each category the errors example raises on request: the status on the wire and the host's exception. */
    private record Failure(String category, int status, Class<? extends PluginError> type) {}

    private static final List<Failure> FAILURES = List.of(
            new Failure("user_input", 400, PluginInputError.class),
            new Failure("transient", 503, PluginTransientError.class),
            new Failure("resource", 507, PluginResourceError.class),
            new Failure("fatal", 500, PluginFatalError.class),
            new Failure("cancelled", 409, PluginCancelledError.class),
            new Failure("ValueError", 400, PluginInputError.class),
            new Failure("KeyError", 400, PluginInputError.class),
            new Failure("TypeError", 400, PluginInputError.class),
            new Failure("FileNotFoundError", 400, PluginInputError.class),
            new Failure("OSError", 503, PluginTransientError.class),
            new Failure("TimeoutError", 503, PluginTransientError.class),
            new Failure("MemoryError", 507, PluginResourceError.class),
            new Failure("RuntimeError", 500, PluginFatalError.class));

    @Test
    void everyErrorCategoryHasItsStatusOnTheWire() throws IOException {
        WorkerHandle handle = spawn(Example.ERRORS);
        for (Failure f : FAILURES) {
            RawHttp answer = RawHttp.authorized(
                    handle,
                    "POST /execute HTTP/1.1",
                    "{\"kwargs\":{\"category\":\"" + f.category() + "\",\"message\":\"boom\"}}");
            assertThat(answer.status()).as(f.category()).isEqualTo(f.status());
            assertThat(answer.body()).as(f.category()).startsWith("{\"_job_error\":{\"category\":");
        }
        RawHttp transientAnswer =
                RawHttp.authorized(handle, "POST /execute HTTP/1.1", "{\"kwargs\":{\"category\":\"transient\"}}");
        assertThat(transientAnswer.headers()).containsEntry("Retry-After", "3");
    }

    @Test
    void everyErrorCategoryCrossesTheUnaryAndStreamPathsAsItsType() throws IOException {
        WorkerClient client = client(spawn(Example.ERRORS));
        for (Failure f : FAILURES) {
            Map<String, Object> kwargs = Map.of("category", f.category(), "message", "boom");
            assertThatThrownBy(() -> client.execute(List.of(), kwargs, CALL))
                    .as(f.category())
                    .isExactlyInstanceOf(f.type());
            Map<String, Object> streamKwargs = new LinkedHashMap<>(kwargs);
            streamKwargs.put("after", 2L);
            try (ChunkIterator chunks = client.executeStream(List.of(), streamKwargs, CALL)) {
                assertThat(chunks.next()).isEqualTo(Map.of("i", 0L));
                assertThat(chunks.next()).isEqualTo(Map.of("i", 1L));
                assertThatThrownBy(chunks::hasNext).as(f.category()).isExactlyInstanceOf(f.type());
            }
        }
        assertThatThrownBy(() -> client.execute(List.of(), Map.of("category", "fatal", "message", "boom"), CALL))
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> client.execute(List.of(), Map.of("category", "transient"), CALL))
                .isInstanceOfSatisfying(
                        PluginTransientError.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(2.5));
        assertThatThrownBy(() -> client.execute(List.of(), Map.of("category", "user_input"), CALL))
                .isInstanceOfSatisfying(
                        PluginInputError.class,
                        e -> assertThat(e.fieldsInvalid()).containsExactly("category"));
        assertThatThrownBy(() -> client.execute(List.of(), Map.of("category", "resource"), CALL))
                .isInstanceOfSatisfying(
                        PluginResourceError.class,
                        e -> assertThat(e.resourceShortfall())
                                .isEqualTo(new ResourceShortfall(ResourceShortfall.GPU_VRAM_MB, 8000.0, 2000.0)));
        assertThat(client.call(Endpoint.HEALTH, null, CALL)).asInstanceOf(MAP).containsEntry("status", "running");
    }

    @Test
    void aMonitorMethodThatIsNotImplementedAnswers501() throws IOException {
        WorkerHandle handle = spawn(Example.ERRORS);
        WorkerClient client = client(handle);
        for (Endpoint monitor : List.of(Endpoint.GET_SYSTEM_STATUS, Endpoint.LIST_PROCESSES)) {
            String path = monitor.path();
            RawHttp answer = RawHttp.authorized(handle, "POST " + path + " HTTP/1.1", "");
            assertThat(answer.status()).as(path).isEqualTo(501);
            assertThat(answer.body()).as(path).startsWith("{\"detail\":").contains("no ");
            assertThatThrownBy(() -> client.call(monitor, null, CALL))
                    .as(path)
                    .isInstanceOfSatisfying(
                            UnsupportedEndpointError.class,
                            e -> assertThat(e.status()).isEqualTo(501));
        }
    }

    // ---- progress and cancellation ---------------------------------------------------------------------------

    @Test
    void progressIsResetAtTheStartOfEveryExecute() throws IOException {
        WorkerClient client = client(spawn(Example.SLOW));
        assertThat(client.execute(List.of(), Map.of("steps", 3L, "step_seconds", 0.0), CALL))
                .isEqualTo(Map.of("steps", 3L));
        assertThat(client.call(Endpoint.PROGRESS, null, CALL))
                .isEqualTo(Map.of("progress", 1.0, "message", "step 3 of 3"));
        assertThat(client.execute(List.of(), Map.of("steps", 0L), CALL)).isEqualTo(Map.of("steps", 0L));
        assertThat(client.call(Endpoint.PROGRESS, null, CALL)).isEqualTo(Map.of("progress", 0.0, "message", ""));
    }

    @Test
    void cancelStopsARunningCallCooperativelyWhileProgressIsVisible() throws IOException {
        WorkerClient client = client(spawn(Example.SLOW));
        CompletableFuture<Object> call =
                client.executeAsync(List.of(), Map.of("steps", 1000L, "step_seconds", 0.02), CALL);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(client) > 0);
        assertThat(map(client.call(Endpoint.PROGRESS, null, CALL)).get("message"))
                .asString()
                .matches("step \\d+ of 1000");
        assertThat(client.call(Endpoint.CANCEL, null, CALL)).isEqualTo(Map.of("status", "cancelled"));
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseExactlyInstanceOf(PluginCancelledError.class);
        assertThat(client.execute(List.of(), Map.of("steps", 1L, "step_seconds", 0.0), CALL))
                .as("the cancel does not leak into the next call")
                .isEqualTo(Map.of("steps", 1L));
    }

    @Test
    void aLineEmittedBeforeAPauseArrivesDuringThePause() throws IOException {
        WorkerClient client = client(spawn(Example.STREAMER));
        long begun = System.nanoTime();
        try (ChunkIterator chunks = client.executeStream(List.of(), Map.of("n", 2L, "pause_seconds", 60.0), CALL)) {
            assertThat(chunks.next()).isEqualTo(Map.of("i", 0L));
            assertThat(Duration.ofNanos(System.nanoTime() - begun))
                    .as("the first line waited for the worker to have more to send")
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(client.call(Endpoint.CANCEL, null, CALL)).isEqualTo(Map.of("status", "cancelled"));
            assertThatThrownBy(() -> {
                        while (chunks.hasNext()) {
                            chunks.next();
                        }
                    })
                    .isInstanceOf(PluginCancelledError.class);
        }
    }

    @Test
    void cancelEndsARunningStreamWithACancelledError() throws IOException {
        WorkerClient client = client(spawn(Example.STREAMER));
        long n = 100_000_000L;
        long received = 0;
        try (ChunkIterator chunks = client.executeStream(List.of(), Map.of("n", n), CALL)) {
            assertThat(chunks.next()).isEqualTo(Map.of("i", 0L));
            assertThat(client.call(Endpoint.CANCEL, null, CALL)).isEqualTo(Map.of("status", "cancelled"));
            try {
                while (chunks.hasNext()) {
                    chunks.next();
                    received++;
                }
                throw new AssertionError("the stream ended without the cancellation after " + received + " chunks");
            } catch (PluginCancelledError expected) {
                assertThat(received).isLessThan(n - 1);
            }
        }
        assertThat(client.execute(List.of(), Map.of("n", 2L), CALL))
                .as("the cancel does not leak into the next call")
                .isEqualTo(List.of(Map.of("i", 0L), Map.of("i", 1L)));
    }
}
