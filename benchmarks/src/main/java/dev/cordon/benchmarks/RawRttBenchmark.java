package dev.cordon.benchmarks;

import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The round trip of a tiny {@code /execute} on the Java and the Python worker (the echo example on each) with the
 * same raw client: one blocking keep-alive socket with TCP_NODELAY, a prebuilt request, the answer read up to its
 * {@code Content-Length}. No host proxy: this is the worker's own cost plus the loopback. The workers are measured
 * in turns ({@code rounds}, each {@code warmup} calls then {@code calls} measured), so load on the machine falls on
 * both alike. One JSON line per worker, over all measured calls.
 *
 * <p>System properties: {@code cordon.worker.lib}, {@code cordon.worker.python}, {@code cordon.examples},
 * {@code rounds} (default 3), {@code warmup} (default 30000), {@code calls} (default 30000).
 */
public final class RawRttBenchmark {

    private RawRttBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 3);
        int warmup = Integer.getInteger("warmup", 30_000);
        int calls = Integer.getInteger("calls", 30_000);
        Path work = WorkFolder.create("cordon-bench-raw");
        Map<BenchWorkers, long[]> nanos = new EnumMap<>(BenchWorkers.class);
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
        Map<BenchWorkers, WorkerHandle> handles = new EnumMap<>(BenchWorkers.class);
        try {
            for (BenchWorkers kind : BenchWorkers.values()) {
                handles.put(kind, kind.launch(launcher, work, kind.wire() + "-raw"));
                nanos.put(kind, new long[rounds * calls]);
            }
            for (int round = 0; round < rounds; round++) {
                for (BenchWorkers kind : BenchWorkers.values()) {
                    measure(handles.get(kind), warmup, calls, nanos.get(kind), round * calls);
                }
            }
        } finally {
            handles.values().forEach(h -> h.stop(Duration.ofSeconds(5)));
            launcher.close();
        }
        for (BenchWorkers kind : BenchWorkers.values()) {
            long[] n = nanos.get(kind);
            Arrays.sort(n);
            System.out.printf(
                    "{\"bench\": \"raw-rtt\", \"worker\": \"%s\", \"p50_us\": %.1f, \"p99_us\": %.1f}%n",
                    kind.wire(), n[n.length / 2] / 1e3, n[(int) (n.length * 0.99)] / 1e3);
        }
    }

    private static void measure(WorkerHandle handle, int warmup, int calls, long[] into, int from) throws IOException {
        byte[] body = "{\"args\":[],\"kwargs\":{\"text\":\"hi\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST /execute HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + handle.token().orElseThrow() + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(
                    new InetSocketAddress(handle.url().getHost(), handle.url().getPort()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            Reader in = new Reader(socket.getInputStream());
            for (int i = 0; i < warmup + calls; i++) {
                long t0 = System.nanoTime();
                out.write(request);
                in.response();
                if (i >= warmup) {
                    into[from + i - warmup] = System.nanoTime() - t0;
                }
            }
        }
    }

    /** Reads whole responses (head, then {@code Content-Length} bytes of body) from a buffered stream. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buffer = new byte[65536];
        private int start;
        private int end;

        Reader(InputStream in) {
            this.in = in;
        }

        void response() throws IOException {
            int headEnd;
            while ((headEnd = find()) < 0) {
                fill();
            }
            String head = new String(buffer, start, headEnd - start, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IOException("unexpected answer: " + head);
            }
            int at = head.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
            int eol = head.indexOf("\r\n", at);
            int length = Integer.parseInt(
                    head.substring(at + 15, eol < 0 ? head.length() : eol).trim());
            start = headEnd + 4;
            while (end - start < length) {
                fill();
            }
            start += length;
        }

        private int find() {
            for (int i = start; i + 3 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                throw new IOException("the worker closed the connection");
            }
            end += n;
        }
    }
}
