package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ChunkIterator;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one call on a worker until it ends (a stream between its chunks, see {@link #watch}), and deals with a worker that does not end it:
 * <ul>
 *   <li>a worker that dies during the call: the call fails with the death's own error (a
 *       {@link dev.cordon.api.error.WorkerCrashedError} naming the exit status or signal, or a
 *       {@link dev.cordon.api.error.WorkerOOMError}); the instance gets a fresh worker at its next call;</li>
 *   <li>a worker that stops answering {@code /health} within the liveness timeout while the call runs (SIGSTOPped,
 *       wedged): it is killed and replaced at once, and the call fails with a transient error saying so;</li>
 *   <li>a call that outlives the call timeout: {@code /cancel}, then up to the cancel grace for the call to end; if it
 *       has not, the worker is killed and replaced. Either way the caller gets a {@link PluginTimeoutError}, after at
 *       most the timeout plus the grace, and the next call finds a worker that runs nothing else.</li>
 * </ul>
 */
final class CallGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CallGuard.class);
    private static final Duration DEATH_WAIT = Duration.ofSeconds(2);

    private final Duration callTimeout;
    private final Duration cancelGrace;
    private final Duration livenessInterval;
    private final Duration livenessTimeout;
    private final Consumer<LoadedInstance> replace;

    /** @param replace gives an instance a fresh worker (the old one is stopped, its group killed) */
    CallGuard(
            Duration callTimeout,
            Duration cancelGrace,
            Duration livenessInterval,
            Duration livenessTimeout,
            Consumer<LoadedInstance> replace) {
        this.callTimeout = callTimeout;
        this.cancelGrace = cancelGrace;
        this.livenessInterval = livenessInterval;
        this.livenessTimeout = livenessTimeout;
        this.replace = replace;
    }

    /**
     * Runs a call started by {@code start} (given the transport timeout to use) on {@code s} and returns its answer.
     *
     * @throws PluginError typed, as described on this class
     */
    <T> T run(LoadedInstance s, Function<Duration, CompletableFuture<T>> start) {
        long started = System.nanoTime();
        CompletableFuture<T> call = start.apply(callTimeout.plus(cancelGrace));
        long deadline = started + callTimeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return timedOut(s, call);
                }
                try {
                    return call.get(Math.min(left, livenessInterval.toNanos()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    checkLiveness(s, call);
                }
            }
        } catch (ExecutionException e) {
            throw failure(s, e.getCause(), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(s);
            throw new PluginCancelledError(s.id());
        }
    }

    /**
     * {@code chunks} with the liveness probe between chunks: a stream whose worker stops answering {@code /health}
     * fails with the same transient error as a unary call, and the worker is killed and replaced.
     */
    ChunkIterator watch(LoadedInstance s, ChunkIterator chunks) {
        return chunks.watchedBy(livenessInterval, () -> {
            try {
                checkLiveness(s, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginCancelledError(s.id());
            }
        });
    }

    /**
     * The worker must answer {@code /health} while the call runs; one that does not is killed and replaced.
     *
     * @param call the unary call being watched, or {@code null} for a stream
     */
    private void checkLiveness(LoadedInstance s, CompletableFuture<?> call) throws InterruptedException {
        try {
            s.client().callAsync(Endpoint.HEALTH, null, livenessTimeout).get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof PluginTimeoutError) || (call != null && call.isDone())) {
                // Gone or answering: a dead worker fails the call by itself.
                return;
            }
            long pid = s.handle().pid();
            LOG.warn(
                    "Worker of instance {} (pid {}) did not answer /health within {} ms during a call; killing and "
                            + "replacing it",
                    s.id(),
                    pid,
                    livenessTimeout.toMillis());
            replace.accept(s);
            if (call != null) {
                call.cancel(false);
            }
            throw new PluginTransientError(
                    "Worker of '" + s.id() + "' (pid " + pid + ") stopped answering: no /health"
                            + " answer within " + livenessTimeout.toMillis()
                            + " ms while the call ran (stopped or wedged);"
                            + " it was killed and the instance has a fresh worker. The call may have done part of its work"
                            + " and was not repeated",
                    1.0,
                    null);
        }
    }

    private <T> T timedOut(LoadedInstance s, CompletableFuture<T> call) throws InterruptedException {
        cancel(s);
        boolean ended;
        try {
            call.get(cancelGrace.toMillis(), TimeUnit.MILLISECONDS);
            ended = true;
        } catch (ExecutionException e) {
            ended = !(e.getCause() instanceof PluginTimeoutError);
        } catch (TimeoutException e) {
            ended = false;
        }
        PluginTimeoutError timeout = new PluginTimeoutError(s.id(), callTimeout.toMillis() / 1000.0, null);
        if (ended) {
            timeout.addSuppressed(new PluginTransientError("The call was cancelled at its timeout and ended within "
                    + "the grace of " + cancelGrace.toMillis() + " ms; the worker stays"));
        } else {
            LOG.warn(
                    "Call on instance {} outlived its timeout of {} ms and ignored /cancel for {} ms; killing and "
                            + "replacing worker pid {}",
                    s.id(),
                    callTimeout.toMillis(),
                    cancelGrace.toMillis(),
                    s.handle().pid());
            replace.accept(s);
            timeout.addSuppressed(new PluginTransientError("The call ignored /cancel for " + cancelGrace.toMillis()
                    + " ms after its timeout; its worker was killed and the instance has a fresh one"));
        }
        throw timeout;
    }

    /** {@code POST /cancel}, without waiting long: a worker that cannot take it is dealt with by the caller. */
    private void cancel(LoadedInstance s) {
        s.client().callAsync(Endpoint.CANCEL, null, livenessTimeout).exceptionally(e -> null);
    }

    /**
     * The error a call ends with. A broken connection, or a cancellation nobody asked for during the call, from a
     * worker that then died was the death (the latter the worker's own shutdown on a SIGTERM from outside): the death is the cause.
     * The transport gives the death only a moment to be classified; on a busy machine that is not always enough.
     */
    private static RuntimeException failure(LoadedInstance s, Throwable cause, long started) {
        boolean transportFault = cause instanceof PluginTransientError && cause.getCause() instanceof IOException;
        // A cancellation that was asked for is the plugin honouring it: its worker lives on, nothing to wait for.
        boolean unasked = cause instanceof PluginCancelledError && !s.cancelAskedSince(started);
        if (unasked || transportFault) {
            Optional<PluginError> death = s.handle().deathError(DEATH_WAIT);
            if (death.isPresent()) {
                return death.get();
            }
        }
        return cause instanceof RuntimeException r ? r : new PluginFatalError(String.valueOf(cause), cause);
    }
}
