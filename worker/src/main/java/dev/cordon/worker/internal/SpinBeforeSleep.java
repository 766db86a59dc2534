package dev.cordon.worker.internal;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.TimeUnit;

/**
 * An I/O loop's select strategy that polls its sockets for a short while before it sleeps in the selector, while
 * requests come back to back. A host that calls a worker in a loop sends its next request a few tens of
 * microseconds after the answer; sleeping and being woken for it costs the worker's thread two scheduler rounds,
 * which in a virtual machine are most of a small call's time.
 *
 * <p>The polling is bounded so that it costs little where it cannot help: at most {@code spinNanos} per wake-up,
 * ended at once by ready sockets or a task for the loop; only while the last sleep was shorter than that (a worker
 * called now and then sleeps at once, as without polling); and not at all while the loop carries a stream, whose
 * producer needs the processor more than the loop does ({@link #pause}). Loop-thread confined.
 */
final class SpinBeforeSleep implements SelectStrategy {

    /** The default poll before a sleep; {@code cordon.worker.spin.us} overrides it, 0 turns polling off. */
    static final long DEFAULT_SPIN_MICROS = 100;

    private static final ThreadLocal<SpinBeforeSleep> OF_THREAD = new ThreadLocal<>();

    private final long spinNanos;
    private boolean registered;
    private int paused;
    private boolean worthIt = true;
    private boolean slept;
    private long sleptAt;

    private SpinBeforeSleep(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    /** A factory for loops that poll for at most {@code spinMicros} before they sleep; 0 turns polling off. */
    static SelectStrategyFactory factory(long spinMicros) {
        long nanos = TimeUnit.MICROSECONDS.toNanos(Math.max(0, spinMicros));
        return () -> new SpinBeforeSleep(nanos);
    }

    /** The poll set for this worker: {@code cordon.worker.spin.us}, or the default. */
    static long configuredMicros() {
        return Long.getLong("cordon.worker.spin.us", DEFAULT_SPIN_MICROS);
    }

    /** The strategy of the loop the calling thread runs, or {@code null} when it runs none. */
    static SpinBeforeSleep ofThisLoop() {
        return OF_THREAD.get();
    }

    /** No polling until as many {@link #resume}s; called on the loop's thread. */
    void pause() {
        paused++;
    }

    /** Undoes one {@link #pause}; called on the loop's thread. */
    void resume() {
        paused--;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (!registered) {
            OF_THREAD.set(this);
            registered = true;
        }
        if (hasTasks) {
            return selectNow.get();
        }
        long now = System.nanoTime();
        if (slept) {
            // Back from a sleep: polling pays only while requests come sooner than the poll lasts.
            worthIt = now - sleptAt < spinNanos;
            slept = false;
        }
        if (worthIt && paused == 0 && spinNanos > 0) {
            // A task from another thread does not wake a loop that is not in select: only its queue tells. The
            // strategy is made inside the loop's constructor, so the loop is found from its own thread.
            EventExecutor loop = ThreadExecutorMap.currentExecutor();
            long until = now + spinNanos;
            do {
                int ready = selectNow.get();
                if (ready > 0 || (loop instanceof SingleThreadEventExecutor single && single.pendingTasks() > 0)) {
                    return ready;
                }
                Thread.onSpinWait();
                now = System.nanoTime();
            } while (now < until);
        }
        slept = true;
        sleptAt = now;
        return SelectStrategy.SELECT;
    }
}
