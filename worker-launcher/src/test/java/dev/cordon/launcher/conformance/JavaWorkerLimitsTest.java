package dev.cordon.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.TestManifests;
import dev.cordon.launcher.WorkerProcesses;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import dev.cordon.testkit.worker.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java worker's limits on what it reads and writes, on one real worker process (the echo example), beyond the
 * shared {@code HttpHardeningSuite}: numbers JSON cannot carry, nesting as the host and the worker count it, and a
 * body that stops short — sent byte for byte on raw sockets, and through the host proxy where the host must refuse
 * before sending.
 */
class JavaWorkerLimitsTest {

    private static final Duration CALL = Duration.ofSeconds(20);
    private static final String TOKEN_HEADER = "Authorization: Bearer ";

    @TempDir
    static Path dir;

    private static ProxyTransport transport;
    private static WorkerHandle handle;
    private static WorkerClient client;

    @BeforeAll
    static void start() throws IOException {
        transport = new ProxyTransport(1);
        Path manifest = TestManifests.javaExample(dir, "echo");
        handle = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties())
                .launch(
                        PluginLoadSpec.of("echo", manifest),
                        new LaunchOptions("echo", Map.of(), dir.resolve("echo.log"), Duration.ofSeconds(30)));
        client = new WorkerClient(handle, "echo", transport, 2);
    }

    @AfterAll
    static void stop() {
        client.close();
        long pid = handle.pid();
        handle.stop(Duration.ofSeconds(2));
        transport.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> WorkerProcesses.exited(pid));
    }

    // ---- numbers and nesting ---------------------------------------------------------------------------------

    @Test
    void aNumberOnlyInfinityCouldHoldIsRefusedByTheWorkerAndNeverEchoed() throws IOException {
        RawHttp answer = RawHttp.authorized(handle, "POST /execute HTTP/1.1", "{\"args\":[],\"kwargs\":{\"n\":1e999}}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("1e999").contains("finite").doesNotContain("Infinity");
    }

    @Test
    void theHostRefusesANonFiniteArgumentBeforeSendingIt() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("n", Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> client.execute(List.of(), kwargs, CALL))
                .isInstanceOfSatisfying(
                        PluginInputError.class,
                        e -> assertThat(e.fieldsInvalid()).containsExactly("$.kwargs.n"))
                .hasMessageContaining("Infinity")
                .hasMessageContaining("finite");
        assertThat(client.execute(List.of(), Map.of("n", 1.5), CALL).toString()).contains("1.5");
    }

    @Test
    void argumentsMayNestToTheLimitNotCountingTheRequestsWrapper() {
        // kwargs itself is one level; echo answers {"args", "kwargs"}, one more, which must stay within the limit.
        Map<String, Object> atLimit = Map.of("deep", nested(PlainJson.MAX_DEPTH - 2));
        assertThat(client.execute(List.of(), atLimit, CALL)).isInstanceOf(Map.class);

        // At the limit the worker takes the call, but refuses to answer with echo's one level more.
        Map<String, Object> exactly = Map.of("deep", nested(PlainJson.MAX_DEPTH - 1));
        assertThatThrownBy(() -> client.execute(List.of(), exactly, CALL))
                .isInstanceOf(PluginFatalError.class)
                .hasMessageContaining("cannot be sent");

        Map<String, Object> tooDeep = Map.of("deep", nested(PlainJson.MAX_DEPTH));
        assertThatThrownBy(() -> client.execute(List.of(), tooDeep, CALL))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("at most " + PlainJson.MAX_DEPTH + " levels")
                .hasMessageContaining("$.kwargs.deep")
                .hasMessageNotContaining("answered");
    }

    @Test
    void aTooDeepBodyIsAnsweredAsTheCallersInputErrorWithAJobError() throws IOException {
        String deep = "[".repeat(Endpoint.BODY_MAX_DEPTH) + "]".repeat(Endpoint.BODY_MAX_DEPTH);
        RawHttp answer =
                RawHttp.authorized(handle, "POST /execute HTTP/1.1", "{\"args\":[],\"kwargs\":{\"x\":" + deep + "}}");
        assertThat(answer.status()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        Map<String, Object> error =
                (Map<String, Object>) ((Map<String, Object>) PlainJson.parse(answer.body())).get("_job_error");
        assertThat(error).containsEntry("category", "user_input");
        assertThat((String) error.get("message")).contains("at most " + PlainJson.MAX_DEPTH + " levels");
        assertStillServing();
    }

    // ---- request deadline ----------------------------------------------------------------------------------------

    @Test
    void aBodyShorterThanItsLengthIsAnswered408AndClosed() throws IOException {
        String answer = sendAndReadUntilClosed("POST /execute HTTP/1.1\r\nHost: 127.0.0.1\r\n" + TOKEN_HEADER
                + handle.token().orElseThrow() + "\r\nContent-Length: 100\r\n\r\n{\"args\":");
        assertThat(answer).startsWith("HTTP/1.1 408");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void assertStillServing() {
        assertThat(client.call(Endpoint.HEALTH, null, CALL).toString()).contains("running");
    }

    /** Writes {@code request} as is (no more) and reads until the worker closes the connection. */
    private static String sendAndReadUntilClosed(String request) throws IOException {
        try (Socket socket = new Socket(handle.url().getHost(), handle.url().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code depth} arrays, one inside the other. */
    private static Object nested(int depth) {
        Object value = 1L;
        for (int i = 0; i < depth; i++) {
            List<Object> list = new ArrayList<>();
            list.add(value);
            value = list;
        }
        return value;
    }
}
