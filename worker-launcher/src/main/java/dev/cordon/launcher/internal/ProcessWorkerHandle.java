package dev.cordon.launcher.internal;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.api.spi.WorkerExit;
import dev.cordon.api.spi.WorkerHandle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running worker process. The handle holds the write end of the worker's standard input, on which it wrote the
 * bearer token as the first line; the worker sees end-of-file the moment this host dies. {@link #stop} runs the
 * termination ladder: {@code POST /cleanup}, SIGTERM (to a Java worker alone, which stops its own descendants; to
 * the process group of the others), SIGKILL to the group after the grace period; each of the two waits lasts the caller's grace, but never less than the launcher's
 * {@code cordon.worker.stop.grace.ms}. Whenever the worker exits, for whatever reason, what is left of its group is
 * killed ({@link WorkerProcess}).
 */
final class ProcessWorkerHandle implements WorkerHandle {

    private static final int LOG_LINES = 20;

    private final String instanceId;
    private final RuntimeKind runtime;
    private final URI url;
    private final String token;
    private final WorkerProcess worker;
    private final Path logFile;
    private final Duration stepGrace;
    private final boolean fromSpare;

    ProcessWorkerHandle(
            String instanceId,
            RuntimeKind runtime,
            URI url,
            String token,
            WorkerProcess worker,
            Path logFile,
            Duration stepGrace) {
        this(instanceId, runtime, url, token, worker, logFile, stepGrace, false);
    }

    private ProcessWorkerHandle(
            String instanceId,
            RuntimeKind runtime,
            URI url,
            String token,
            WorkerProcess worker,
            Path logFile,
            Duration stepGrace,
            boolean fromSpare) {
        this.fromSpare = fromSpare;
        this.instanceId = instanceId;
        this.runtime = runtime;
        this.url = url;
        this.token = token;
        this.worker = worker;
        this.logFile = logFile;
        this.stepGrace = stepGrace;
    }

    /** The same worker under the instance it now serves, logging to {@code log} (its renamed log file). */
    ProcessWorkerHandle assignedTo(String instanceId, Path log) {
        return new ProcessWorkerHandle(instanceId, runtime, url, token, worker, log, stepGrace, true);
    }

    @Override
    public boolean fromSpare() {
        return fromSpare;
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
        return worker.pid();
    }

    /** The worker's process group, when it leads one. */
    OptionalLong group() {
        return worker.group();
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public boolean isAlive() {
        // A worker that died but is not reaped yet (the JVM reaps on a thread of its own) runs no more either.
        return worker.process().isAlive() && !ProcessGroups.zombie(worker.pid());
    }

    @Override
    public CompletableFuture<WorkerExit> onExit() {
        return worker.exit();
    }

    @Override
    public synchronized int stop(Duration grace) {
        worker.stopping();
        Duration step = grace.compareTo(stepGrace) > 0 ? grace : stepGrace;
        Process process = worker.process();
        if (process.isAlive()) {
            postCleanup(step);
        }
        if (process.isAlive()) {
            if (runtime == RuntimeKind.JAVA) {
                worker.terminate();
            } else {
                worker.signal("TERM");
            }
            await(step);
        }
        if (!onExit().isDone()) {
            // Once the exit is classified, the group was killed already (WorkerProcess).
            worker.signal("KILL");
        }
        closeStdin();
        await(Duration.ofSeconds(10));
        return onExit().isDone() ? onExit().join().returncode() : -9;
    }

    @Override
    public Optional<PluginError> deathError(Duration wait) {
        if (!await(wait)) {
            return Optional.empty();
        }
        WorkerExit exit = onExit().join();
        return exit.unexpected()
                ? Optional.of(exit.error(instanceId, logFile, LogFiles.tail(logFile, LOG_LINES)))
                : Optional.empty();
    }

    /** Kills the worker and its group at once, for a failed start or an unwanted spare. */
    void kill() {
        worker.stopping();
        worker.signal("KILL");
        closeStdin();
        await(Duration.ofSeconds(10));
    }

    /** Waits up to {@code wait} for the exit to be classified (which is after the group was killed). */
    private boolean await(Duration wait) {
        try {
            onExit().get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return onExit().isDone();
        } catch (ExecutionException e) {
            return true;
        }
    }

    private void closeStdin() {
        try {
            worker.process().getOutputStream().close();
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
            socket.getOutputStream()
                    .write(("POST /cleanup HTTP/1.1\r\nHost: " + url.getHost() + "\r\n" + "Authorization: Bearer "
                                    + token + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // Read to the end so the cleanup has finished before the signals.
            }
        } catch (IOException e) {
            // The worker is stuck or already gone: SIGTERM comes next.
        }
    }
}
