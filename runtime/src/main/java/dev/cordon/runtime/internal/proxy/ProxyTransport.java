package dev.cordon.runtime.internal.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The I/O threads shared by all {@link WorkerClient}s of a host: a few NIO event loops ({@code cordon-proxy-io-N}),
 * each worker's connections on one of them in turn, and one thread ({@code cordon-proxy-fault}) that examines
 * transport faults, which may wait for a dying worker and so must never run on an event loop.
 *
 * <p>The loops are not in a Netty event-loop group: a group learns of its loops' end through listeners that run on
 * Netty's global executor, whose non-daemon thread then lingers for a second, so closing a group takes a second
 * (or leaves that thread behind). Loops awaited one by one end as soon as their threads do.
 *
 * <p>A blocking call does not use these loops: the calling thread runs its own ({@link CallerLoops}), so the
 * request and the answer cross no thread. The loops here carry asynchronous calls and streams.
 */
public final class ProxyTransport implements AutoCloseable {

    private static final long QUIET_MILLIS = 0;
    private static final long SHUTDOWN_MILLIS = 500;
    private static final long AWAIT_MILLIS = 2000;

    /** How often the loops of calling threads that ended or went unused are closed. */
    private static final long REAP_SECONDS = 10;

    private final SingleThreadIoEventLoop[] loops;
    private final AtomicInteger turn = new AtomicInteger();
    final ExecutorService faults;
    /** The calling threads' own loops, for blocking calls. */
    final CallerLoops callers = new CallerLoops();

    /** A transport with {@code threads} event-loop threads (at least one). */
    public ProxyTransport(int threads) {
        AtomicInteger n = new AtomicInteger();
        loops = new SingleThreadIoEventLoop[Math.max(1, threads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new SingleThreadIoEventLoop(
                    null,
                    r -> {
                        Thread t = new Thread(r, "cordon-proxy-io-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    },
                    NioIoHandler.newFactory());
        }
        faults = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cordon-proxy-fault");
            t.setDaemon(true);
            return t;
        });
        loops[0].scheduleWithFixedDelay(callers::reap, REAP_SECONDS, REAP_SECONDS, TimeUnit.SECONDS);
    }

    /** The loop for the next worker's connections, in turn. */
    EventLoop next() {
        return loops[Math.floorMod(turn.getAndIncrement(), loops.length)];
    }

    /** How many calling threads have a loop of their own open now. */
    public int callerLoops() {
        return callers.open();
    }

    /** Closes the loops of calling threads that have ended or left them unused (also done every ten seconds). */
    public void reapCallerLoops() {
        callers.reap();
    }

    /** Stops the event loops (closing their connections) and waits up to two seconds for their threads to end. */
    @Override
    public void close() {
        callers.close();
        Future<?>[] ends = new Future<?>[loops.length];
        for (int i = 0; i < loops.length; i++) {
            ends[i] = loops[i].shutdownGracefully(QUIET_MILLIS, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS);
        for (Future<?> end : ends) {
            end.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        faults.shutdownNow();
    }
}
