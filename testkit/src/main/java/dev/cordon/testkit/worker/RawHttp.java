package dev.cordon.testkit.worker;

import dev.cordon.api.spi.WorkerHandle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange written byte for byte on a fresh connection, for what the host proxy never sends:
 * requests without a token, broken bodies, wrong methods. The response is read until the worker closes.
 */
public record RawHttp(int status, Map<String, String> headers, String body) {

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads the answer. */
    public static RawHttp exchange(WorkerHandle handle, String head, String body) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String request = head + "Host: 127.0.0.1\r\nConnection: close\r\n"
                + (payload.length > 0 ? "Content-Length: " + payload.length + "\r\n" : "") + "\r\n";
        try (Socket socket = new Socket(handle.url().getHost(), handle.url().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(payload);
            socket.getOutputStream().flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    /**
     * Sends {@code raw} exactly as given on a fresh connection and reads until the worker closes it or
     * {@code wait} passes; the answer is empty when the worker sent nothing.
     */
    public static Sent send(WorkerHandle handle, byte[] raw, java.time.Duration wait) throws IOException {
        try (Socket socket = new Socket(handle.url().getHost(), handle.url().getPort())) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.getOutputStream().write(raw);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (java.net.SocketTimeoutException stillOpen) {
                closed = false;
            } catch (java.net.SocketException reset) {
                closed = true; // a reset after the answer is a close too
            }
            byte[] bytes = received.toByteArray();
            return new Sent(
                    bytes.length == 0 ? java.util.Optional.empty() : java.util.Optional.of(parse(bytes)), closed);
        }
    }

    /** What {@link #send} saw: the response, if any, and whether the worker closed the connection. */
    public record Sent(java.util.Optional<RawHttp> response, boolean closed) {}

    /** The same with the worker's token in the {@code Authorization} header. */
    public static RawHttp authorized(WorkerHandle handle, String requestLine, String body) throws IOException {
        return exchange(
                handle,
                requestLine + "\r\nAuthorization: Bearer " + handle.token().orElseThrow() + "\r\n",
                body);
    }

    private static RawHttp parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP response head in: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim(),
                    lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            body = dechunk(body.getBytes(StandardCharsets.UTF_8));
        }
        return new RawHttp(status, headers, body);
    }

    /** The payload of a chunked body; fails on a body cut off before its terminating chunk. */
    private static String dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(chunked, at);
            if (lineEnd < 0) {
                throw new AssertionError("chunked body cut off before its terminating chunk");
            }
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(chunked, at, size);
            at += size + 2;
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
