package dev.cordon.launcher.internal;

import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.model.RuntimeKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Start-up of a worker of the original library, which prints no handshake: the host picks its port, and the
 * worker is ready when {@code /health} answers, as the original host does it.
 */
final class CjmReadiness {

    private static final long POLL_MILLIS = 50;
    private static final int LOG_LINES = 20;

    private CjmReadiness() {}

    /** A port free on the loopback interface now; the worker binds it moments later, as the original does. */
    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for a cjm worker", e);
        }
    }

    /**
     * Polls {@code /health} until any HTTP answer, the worker's exit or the start timeout; on failure the worker is
     * killed and the error quotes the last lines of its log.
     */
    static ProcessWorkerHandle await(
            WorkerProcess worker,
            int port,
            String token,
            String instanceId,
            Duration startTimeout,
            Path log,
            String name,
            Duration stopGrace) {
        Process process = worker.process();
        ProcessWorkerHandle handle = new ProcessWorkerHandle(
                instanceId, RuntimeKind.CJM, URI.create("http://127.0.0.1:" + port), token, worker, log, stopGrace);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                handle.kill();
                throw new PluginFatalError("The cjm worker of '" + name + "' exited with status " + process.exitValue()
                        + " before answering /health; last lines of " + log + ":\n" + LogFiles.tail(log, LOG_LINES));
            }
            if (answersHealth(port)) {
                worker.serving();
                return handle;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.kill();
                throw new PluginFatalError("Start of the cjm worker of '" + name + "' was interrupted");
            }
        }
        handle.kill();
        PluginTimeoutError timeout = new PluginTimeoutError(instanceId, startTimeout.toMillis() / 1000.0, null);
        timeout.addSuppressed(new PluginFatalError("The cjm worker of '" + name + "' did not answer /health on port "
                + port + " within " + startTimeout.toMillis() + " ms and was killed; last lines of " + log
                + ":\n" + LogFiles.tail(log, LOG_LINES)));
        throw timeout;
    }

    /** Any HTTP status line counts: the original answers /health before its plugin is initialized. */
    private static boolean answersHealth(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.");
        } catch (IOException notYet) {
            return false;
        }
    }
}
