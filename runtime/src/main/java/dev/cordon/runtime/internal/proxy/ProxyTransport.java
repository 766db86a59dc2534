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

    private final int threads;
    /** The loops, opened by the first {@link #next()}: a host that never reaches a worker never starts Netty. */
    private volatile SingleThreadIoEventLoop[] loops;
    /** Guarded by {@code this}. */
    private boolean closed;

    private final AtomicInteger turn = new AtomicInteger();
    final ExecutorService faults;
    /** The calling threads' own loops, for blocking calls. */
    final CallerLoops callers = new CallerLoops();

    /** A transport with {@code threads} event-loop threads (at least one), opened when first needed. */
    public ProxyTransport(int threads) {
        this.threads = Math.max(1, threads);
        faults = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cordon-proxy-fault");
            t.setDaemon(true);
            return t;
        });
    }

    /** The loop for the next worker's connections, in turn. */
    EventLoop next() {
        SingleThreadIoEventLoop[] open = loops();
        return open[Math.floorMod(turn.getAndIncrement(), open.length)];
    }

    private SingleThreadIoEventLoop[] loops() {
        SingleThreadIoEventLoop[] open = loops;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (loops == null) {
                loops = open(threads);
                if (closed) {
                    // Closed before any worker was reached: the loops refuse work as closed ones always did.
                    shutDown(loops);
                }
            }
            return loops;
        }
    }

    private SingleThreadIoEventLoop[] open(int count) {
        AtomicInteger n = new AtomicInteger();
        SingleThreadIoEventLoop[] opened = new SingleThreadIoEventLoop[count];
        for (int i = 0; i < opened.length; i++) {
            opened[i] = new SingleThreadIoEventLoop(
                    null,
                    r -> {
                        Thread t = new Thread(r, "cordon-proxy-io-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    },
                    NioIoHandler.newFactory());
        }
        opened[0].scheduleWithFixedDelay(callers::reap, REAP_SECONDS, REAP_SECONDS, TimeUnit.SECONDS);
        return opened;
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
        SingleThreadIoEventLoop[] open;
        synchronized (this) {
            closed = true;
            open = loops;
        }
        if (open != null) {
            shutDown(open);
        }
        faults.shutdownNow();
    }

    private static void shutDown(SingleThreadIoEventLoop[] open) {
        Future<?>[] ends = new Future<?>[open.length];
        for (int i = 0; i < open.length; i++) {
            ends[i] = open[i].shutdownGracefully(QUIET_MILLIS, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS);
        for (Future<?> end : ends) {
            end.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
