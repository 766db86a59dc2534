package dev.cordon.api.spi;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.model.RuntimeKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A started worker process, ready to serve (its handshake succeeded). Whoever holds the handle owns the process
 * and must {@link #stop} it.
 */
public interface WorkerHandle {

    /** The instance the worker runs. */
    String instanceId();

    /** The kind of worker. */
    RuntimeKind runtime();

    /** The worker's base URL, for example {@code http://127.0.0.1:41234}. */
    URI url();

    /** The bearer token every request must carry; empty for the original's workers, which take none. */
    Optional<String> token();

    /** The worker's process id. */
    long pid();

    /** The worker's log file. */
    Path logFile();

    /** Whether the process is still running. */
    boolean isAlive();

    /**
     * Stops the worker: asks it to exit, waits up to {@code grace}, then kills it and its descendants; returns once
     * the process is reaped. Idempotent.
     *
     * @return the exit status (negative signal number when killed by a signal)
     */
    int stop(Duration grace);

    /**
     * Why the worker died, if it died on its own: waits up to {@code wait} for the process to exit, then classifies
     * the exit. Killed by SIGKILL (the kernel's OOM killer, usually) gives a
     * {@link dev.cordon.api.error.WorkerOOMError}; any other exit a {@link dev.cordon.api.error.PluginTransientError}
     * carrying the exit status and the last lines of the log. Empty while the process runs and after {@link #stop}.
     * The default knows no more than {@link #isAlive()} and reports nothing.
     */
    default Optional<PluginError> deathError(Duration wait) {
        return Optional.empty();
    }
}
