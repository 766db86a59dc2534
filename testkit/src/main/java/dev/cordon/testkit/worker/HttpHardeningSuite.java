package dev.cordon.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP limits every worker enforces (docs/protocol.md §5), byte for byte on one real worker of the echo plugin
 * started with {@code CORDON_HEAD_TIMEOUT_MS} = {@value #HEAD_TIMEOUT_MS}: a head that does not arrive in time is
 * answered 408 and closed, an idle connection that finished a request is kept, more than 100 header lines or one over
 * 64 KiB are 431, a header line without a colon is 400, Content-Length with Transfer-Encoding is 400 (closed), a body
 * nested too deep is 400 with a JobError and the connection kept; plain, chunked and HTTP/1.0 requests on one
 * connection are each answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HttpHardeningSuite {

    /** The head timeout the worker under test is started with. */
    protected static final int HEAD_TIMEOUT_MS = 600;

    private static final Duration WAIT = Duration.ofSeconds(10);

    private WorkerHandle worker;
    private Path dir;

    /** The launcher under test. */
    protected abstract WorkerLauncher newLauncher();

    /**
     * Writes into {@code dir} a manifest of the worker's echo example whose environment adds {@code env}; returns it.
     */
    protected abstract Path echoManifest(Path dir, Map<String, String> env) throws IOException;

    @BeforeAll
    void startWorker() throws IOException {
        dir = Files.createTempDirectory("cordon-hardening-");
        Path manifest = echoManifest(dir, Map.of("CORDON_HEAD_TIMEOUT_MS", Integer.toString(HEAD_TIMEOUT_MS)));
        worker = newLauncher()
                .launch(
                        PluginLoadSpec.of("hardening", manifest),
                        new LaunchOptions("hardening", Map.of(), dir.resolve("hardening.log"), Duration.ofSeconds(30)));
    }

    @AfterAll
    void stopWorker() throws IOException {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void aHeadThatNeverEndsIsAnswered408AndClosed() throws IOException {
        RawHttp.Sent sent = RawHttp.send(worker, bytes("POST /execute HTTP/1.1\r\nHost: x\r\n"), WAIT);
        assertThat(sent.closed()).isTrue();
        assertThat(sent.response())
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(408));
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeadTimeout() throws IOException {
        RawHttp.Sent sent = RawHttp.send(worker, new byte[0], WAIT);
        assertThat(sent.closed()).isTrue();
        sent.response().ifPresent(r -> assertThat(r.status()).isEqualTo(408));
    }

    @Test
    void anIdleConnectionThatFinishedARequestIsKept() throws IOException {
        try (Socket socket = new Socket(worker.url().getHost(), worker.url().getPort())) {
            finishHealthRequest(socket);
            // Three head timeouts of silence: the worker must keep the connection (hosts pool them).
            socket.setSoTimeout(3 * HEAD_TIMEOUT_MS);
            int next;
            try {
                next = socket.getInputStream().read();
            } catch (SocketTimeoutException quiet) {
                next = -2;
            }
            assertThat(next)
                    .as("the worker wrote or closed on an idle kept-alive connection")
                    .isEqualTo(-2);
        }
    }

    @Test
    void aRequestBegunLaterOnAKeptConnectionGetsTheWholeHeadTimeout() throws Exception {
        try (Socket socket = new Socket(worker.url().getHost(), worker.url().getPort())) {
            finishHealthRequest(socket);
            // Half a timeout after the first request, a second one starts and stops halfway: its own time counts
            // from its first byte, not from the connection or the first request.
            Thread.sleep(HEAD_TIMEOUT_MS / 2);
            long begun = System.nanoTime();
            socket.getOutputStream().write(bytes("POST /execute HTTP/1.1\r\nHost: x\r\n"));
            socket.setSoTimeout(10 * HEAD_TIMEOUT_MS);
            String expired = readResponseHead(socket.getInputStream());
            long waitedMillis = (System.nanoTime() - begun) / 1_000_000;
            assertThat(expired).startsWith("HTTP/1.1 408");
            assertThat(waitedMillis)
                    .as("the stalled request was answered 408 before its own head timeout had passed")
                    .isGreaterThanOrEqualTo(HEAD_TIMEOUT_MS * 3L / 4);
        }
    }

    @Test
    void moreThan100HeaderLinesAre431() throws IOException {
        StringBuilder head = new StringBuilder("GET /health HTTP/1.1\r\n").append(auth());
        for (int i = 0; i < 101; i++) {
            head.append("X-H").append(i).append(": v\r\n");
        }
        assertAnswered(head.append("\r\n").toString(), 431, true);
    }

    @Test
    void aHeaderLineOver64KibIs431() throws IOException {
        assertAnswered("GET /health HTTP/1.1\r\n" + auth() + "X-Big: " + "a".repeat(70_000) + "\r\n\r\n", 431, true);
    }

    @Test
    void aHeaderLineWithoutAColonIs400() throws IOException {
        assertAnswered("GET /health HTTP/1.1\r\n" + auth() + "no colon here\r\n\r\n", 400, true);
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIsRefused() throws IOException {
        String body = "{\"args\":[1]}";
        assertAnswered(
                "POST /execute HTTP/1.1\r\n" + auth() + "Content-Length: " + body.length() + "\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                        + "\r\n0\r\n\r\n",
                400,
                true);
    }

    @Test
    void requestsOfEveryFramingAreAnsweredInTurnOnOneConnection() throws IOException {
        try (Socket socket = new Socket(worker.url().getHost(), worker.url().getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            String head = "POST /execute HTTP/1.1\r\nHost: x\r\n" + auth();
            socket.getOutputStream().write(bytes(head + withLength(text("plain"))));
            assertThat(readAnswer(socket)).contains("\"plain\"");
            // A chunked body, which a worker may read apart from plain requests, then a plain request again.
            String chunked = text("chunked");
            socket.getOutputStream()
                    .write(bytes(head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(10) + "\r\n"
                            + chunked.substring(0, 10) + "\r\n" + Integer.toHexString(chunked.length() - 10) + "\r\n"
                            + chunked.substring(10) + "\r\n0\r\n\r\n"));
            assertThat(readAnswer(socket)).contains("\"chunked\"");
            socket.getOutputStream().write(bytes(head + withLength(text("again"))));
            assertThat(readAnswer(socket)).contains("\"again\"");
            // HTTP/1.0 without keep-alive: answered, then closed.
            socket.getOutputStream().write(bytes("POST /execute HTTP/1.0\r\n" + auth() + withLength(text("old"))));
            assertThat(readAnswer(socket)).contains("\"old\"");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static String text(String text) {
        return "{\"args\":[],\"kwargs\":{\"text\":\"" + text + "\"}}";
    }

    private static String withLength(String body) {
        return "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Reads one answer, which must be 200 with a {@code Content-Length}; returns its body. */
    private static String readAnswer(Socket socket) throws IOException {
        String head = readResponseHead(socket.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 200");
        return new String(socket.getInputStream().readNBytes(contentLength(head)), StandardCharsets.UTF_8);
    }

    @Test
    void aBodyNestedTooDeepIs400WithAJobError() throws IOException {
        String deep = "{\"args\":[" + "[".repeat(100_000) + "]".repeat(100_000) + "]}";
        RawHttp answer = RawHttp.authorized(worker, "POST /execute HTTP/1.1", deep);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"_job_error\"").contains("\"category\":\"user_input\"");
    }

    private void assertAnswered(String request, int status, boolean closed) throws IOException {
        RawHttp.Sent sent = RawHttp.send(worker, bytes(request), WAIT);
        assertThat(sent.response())
                .as("an answer to %.80s", request)
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(status));
        assertThat(sent.closed()).isEqualTo(closed);
    }

    private String auth() {
        return "Authorization: Bearer " + worker.token().orElseThrow() + "\r\n";
    }

    /** Sends a {@code /health} request on the socket and reads its whole answer, which must be 200. */
    private void finishHealthRequest(Socket socket) throws IOException {
        socket.getOutputStream()
                .write(bytes("GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + worker.token().orElseThrow() + "\r\n\r\n"));
        String head = readResponseHead(socket.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 200");
        socket.getInputStream().readNBytes(contentLength(head));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no Content-Length in " + head);
    }

    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
