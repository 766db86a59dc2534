package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginFatalError;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The answer to a call made on the calling thread's own {@link CallerLoop}: waiting for it in {@link #get} runs that
 * loop, so only the thread that made the call may wait for it (another thread's wait would only end when the owner
 * runs its loop again). The call's own timeout is enforced while the owner waits, not by a timer. Dependent stages
 * are waited for the same way.
 */
final class DrivenFuture<T> extends CompletableFuture<T> {

    private final CallerLoop caller;
    private final CallerLoops loops;
    private final long deadline;
    private final Duration timeout;
    private Exchange exchange;

    /**
     * @param timeout the call's timeout, from now; {@code null} for none
     */
    DrivenFuture(CallerLoop caller, CallerLoops loops, Duration timeout) {
        this(caller, loops, System.nanoTime() + (timeout == null ? Long.MAX_VALUE / 2 : timeout.toNanos()), timeout);
    }

    private DrivenFuture(CallerLoop caller, CallerLoops loops, long deadline, Duration timeout) {
        this.caller = caller;
        this.loops = loops;
        this.deadline = deadline;
        this.timeout = timeout;
    }

    /** The exchange this future answers; set once, before the request is sent. */
    void answers(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        drive(Long.MAX_VALUE);
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (Thread.currentThread() != caller.owner) {
            return super.get(timeout, unit);
        }
        drive(unit.toNanos(timeout));
        if (!isDone()) {
            throw new TimeoutException();
        }
        return super.get();
    }

    @Override
    public T join() {
        try {
            drive(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.fail(new PluginCancelledError(exchange.pool.plugin()));
        }
        return super.join();
    }

    /** A dependent stage ({@code thenApply}...) is waited for the same way, by running the owner's loop. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        DrivenFuture<U> dependent = new DrivenFuture<>(caller, loops, deadline, timeout);
        dependent.answers(exchange);
        return dependent;
    }

    /** Runs the owner's loop until the answer is in, {@code nanos} have passed, or the call's own deadline. */
    private void drive(long nanos) throws InterruptedException {
        if (isDone() || Thread.currentThread() != caller.owner) {
            return;
        }
        long start = System.nanoTime();
        if (!loops.reenter(caller)) {
            closed();
            return;
        }
        try {
            boolean waited = false;
            while (true) {
                // Selecting clears a pending wakeup, so completion is checked after it, never before. Before the
                // first wait only queued tasks run (a connect's, say): a wait that finds the answer ready returns
                // at once, so a select before it would be a system call for nothing.
                if (waited) {
                    caller.runNow();
                } else {
                    caller.runTasks();
                }
                if (isDone()) {
                    return;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (loops.isClosed()) {
                    closed();
                    return;
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    exchange.expire(timeout);
                    if (!isDone()) {
                        // Failed by another thread a moment ago: its completion is on the way.
                        caller.await(TimeUnit.MILLISECONDS.toNanos(1));
                        waited = true;
                    }
                    continue;
                }
                long left = nanos - (now - start);
                if (left <= 0) {
                    return;
                }
                caller.await(Math.min(left, deadline - now));
                waited = true;
            }
        } finally {
            loops.exit(caller);
        }
    }

    private void closed() {
        exchange.fail(new PluginFatalError("The host's connections to the worker of '" + exchange.pool.plugin()
                + "' were closed (the host is stopping) before the call was answered"));
    }

    @Override
    public boolean complete(T value) {
        boolean done = super.complete(value);
        wakeOwner();
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        boolean done = super.completeExceptionally(failure);
        wakeOwner();
        return done;
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
        boolean done = super.cancel(mayInterrupt);
        wakeOwner();
        return done;
    }

    /** A completion from another thread (a fault, a cancel) ends the owner's wait in its loop. */
    private void wakeOwner() {
        if (Thread.currentThread() != caller.owner) {
            caller.wakeup();
        }
    }
}
