package dev.cordon.worker.internal;

import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests a worker has taken and not yet answered, so that a stop can refuse new ones and wait for the answers
 * of the others to be written before it closes the connections. A request counts from its arrival until the write
 * of its answer completes (or its connection is closed instead).
 */
final class InFlight {

    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean stopping;

    /** Ends one request when the write it is given to completes, however it completes. */
    final ChannelFutureListener endOnWrite = f -> end();

    /** Counts a request that has arrived; {@code false} when the worker is stopping and it must be refused. */
    boolean begin() {
        open.incrementAndGet();
        return !stopping;
    }

    /** One request is answered (or abandoned). */
    void end() {
        if (open.decrementAndGet() == 0 && stopping) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** From now on every request is refused. */
    void stop() {
        stopping = true;
    }

    /** Whether {@link #stop} was called. */
    boolean stopping() {
        return stopping;
    }

    /** Waits until every request taken is answered, for at most {@code millis}; {@code false} when time ran out. */
    boolean awaitAnswered(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            while (open.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return open.get() == 0;
                }
            }
            return true;
        }
    }
}
