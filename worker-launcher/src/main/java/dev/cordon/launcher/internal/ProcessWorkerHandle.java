package dev.cordon.launcher.internal;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.WorkerOOMError;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.api.spi.WorkerHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running worker process. The handle holds the write end of the worker's standard input, so the worker sees
 * end-of-file the moment this host dies. {@link #stop} runs the termination ladder: {@code POST /cleanup}, SIGTERM
 * to the worker and every descendant, SIGKILL to whatever is left after the grace period.
 */
final class ProcessWorkerHandle implements WorkerHandle {

    private static final int SIGKILL_STATUS = 128 + 9;
    private static final int LOG_LINES = 20;

    private final String instanceId;
    private final RuntimeKind runtime;
    private final URI url;
    private final String token;
    private final Process process;
    private final Path logFile;
    private final OutputStream stdin;
    private volatile boolean stopping;

    ProcessWorkerHandle(String instanceId, RuntimeKind runtime, URI url, String token, Process process, Path logFile) {
        this.instanceId = instanceId;
        this.runtime = runtime;
        this.url = url;
        this.token = token;
        this.process = process;
        this.logFile = logFile;
        this.stdin = process.getOutputStream();
    }

    /** The same worker under the instance it now serves, logging to {@code log} (its renamed log file). */
    ProcessWorkerHandle assignedTo(String instanceId, Path log) {
        return new ProcessWorkerHandle(instanceId, runtime, url, token, process, log);
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public RuntimeKind runtime() {
        return runtime;
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public synchronized int stop(Duration grace) {
        stopping = true;
        if (process.isAlive()) {
            postCleanup(grace);
        }
        // Descendants must be collected while the worker lives: once it is gone they are re-parented away.
        List<ProcessHandle> tree = process.descendants().toList();
        if (process.isAlive()) {
            // Through the ProcessHandle: Process.destroy() would also close the stdin pipe, and the worker would
            // take that for its host's death before its SIGTERM handler ran cleanup().
            process.toHandle().destroy();
            tree.forEach(ProcessHandle::destroy);
            if (!await(grace)) {
                tree = java.util.stream.Stream.concat(tree.stream(), process.descendants()).distinct().toList();
                process.destroyForcibly();
            }
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        closeStdin();
        await(Duration.ofSeconds(10));
        return status(process.exitValue());
    }

    @Override
    public Optional<PluginError> deathError(Duration wait) {
        if (stopping || !await(wait)) {
            return Optional.empty();
        }
        int exit = process.exitValue();
        if (exit == SIGKILL_STATUS) {
            return Optional.of(new WorkerOOMError(instanceId, -9, null));
        }
        return Optional.of(new PluginTransientError("Worker of '" + instanceId + "' (pid " + process.pid()
                + ") died unexpectedly with exit status " + status(exit) + "; last lines of " + logFile + ":\n"
                + LogFiles.tail(logFile, LOG_LINES)));
    }

    /** Kills the worker and its descendants at once, for a failed start. */
    void kill() {
        stopping = true;
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        closeStdin();
        await(Duration.ofSeconds(10));
    }

    private boolean await(Duration wait) {
        try {
            process.onExit().get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // Already closed by the worker's exit.
        }
    }

    /** {@code POST /cleanup} on a fresh connection; its failure only means the ladder goes on to the signals. */
    private void postCleanup(Duration grace) {
        if (token == null) {
            return;
        }
        int timeout = (int) Math.max(1, grace.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), timeout);
            socket.setSoTimeout(timeout);
            socket.getOutputStream().write(("POST /cleanup HTTP/1.1\r\nHost: " + url.getHost() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // Read to the end so the cleanup has finished before the signals.
            }
        } catch (IOException e) {
            // The worker is stuck or already gone: SIGTERM comes next.
        }
    }

    /** The exit status with a signal death as its negative signal number, as the original reported it. */
    private static int status(int exit) {
        return exit > 128 && exit <= 128 + 64 ? -(exit - 128) : exit;
    }
}
