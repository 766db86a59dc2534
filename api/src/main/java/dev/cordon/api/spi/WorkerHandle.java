package dev.cordon.api.spi;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.model.RuntimeKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /** Whether the launcher served this launch with a spare worker it had started beforehand. */
    default boolean fromSpare() {
        return false;
    }

    /**
     * Stops the worker: asks it to exit ({@code /cleanup}, then SIGTERM), waits up to {@code grace} after each, then
     * kills it and everything it started; returns once the process is reaped. Idempotent.
     *
     * @return the exit status (negative signal number when killed by a signal)
     */
    int stop(Duration grace);

    /**
     * Completes once the worker process has exited, however it ended, with how it ended. By then everything the
     * worker started has been killed as well.
     *
     * <p>The default watches the process id alone: it learns that the process is gone but not its exit status
     * ({@link WorkerExit.Cause#UNKNOWN}).
     */
    default CompletableFuture<WorkerExit> onExit() {
        long pid = pid();
        WorkerExit unknown = new WorkerExit(pid, OptionalInt.empty(), OptionalInt.empty(), WorkerExit.Cause.UNKNOWN);
        return ProcessHandle.of(pid)
                .map(p -> p.onExit().thenApply(h -> unknown))
                .orElseGet(() -> CompletableFuture.completedFuture(unknown));
    }

    /**
     * The error for a call whose worker died under it: waits up to {@code wait} for the process to exit, then
     * gives a {@link dev.cordon.api.error.WorkerOOMError} (retriable) for a recorded out-of-memory kill and a
     * {@link dev.cordon.api.error.WorkerCrashedError} (never retried) naming the exit status or signal for any other
     * death. Empty while the process runs and after {@link #stop}.
     */
    default Optional<PluginError> deathError(Duration wait) {
        try {
            WorkerExit exit = onExit().get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            return exit.unexpected() ? Optional.of(exit.error(instanceId(), logFile(), "")) : Optional.empty();
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
