package dev.cordon.runtime.internal.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One calling thread's own event loop and its keep-alive connections, one per worker it calls. The thread runs the
 * loop itself while it waits for an answer, so a blocking call writes its request and reads its answer without
 * waking any other thread: the shared I/O loops' two hand-overs per call (the caller's request to the loop, the
 * loop's answer to the caller) are what a round trip on loopback mostly cost.
 *
 * <p>Only the owning thread runs the loop and touches {@link #takeIdle}/{@link #park}; {@link CallerLoops} closes
 * a loop's sockets and selector from its own thread once the owner has ended or left the loop unused.
 */
final class CallerLoop {

    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = -1;
    /** The longest single wait: work handed to the loop by another thread is picked up at least this often. */
    private static final long MAX_WAIT_MILLIS = 1000;

    private static final Consumer<SelectionKey> IGNORE = key -> {};

    final Thread owner;
    final ManualIoEventLoop loop;
    final TrackedNio nio = new TrackedNio();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<ConnectionPool, Channel> idle = new IdentityHashMap<>();
    private volatile long lastUsed = System.nanoTime();

    CallerLoop(Thread owner) {
        this.owner = owner;
        this.loop = new ManualIoEventLoop(owner, NioIoHandler.newFactory(nio));
    }

    /** The owner starts using the loop; false when it was closed (the owner then makes a new one). */
    boolean enter() {
        return state.compareAndSet(IDLE, BUSY);
    }

    /** The owner stops using the loop. */
    void exit() {
        lastUsed = System.nanoTime();
        state.compareAndSet(BUSY, IDLE);
    }

    /** An exchange started on this loop; {@link #ended} when it finishes. */
    void started() {
        pending.incrementAndGet();
    }

    void ended() {
        pending.decrementAndGet();
    }

    /** Runs the loop's queued tasks, without looking at its sockets. */
    void runTasks() {
        loop.runNonBlockingTasks(0);
    }

    /** Runs the loop's ready I/O and tasks, without waiting. */
    void runNow() {
        loop.runNow();
    }

    /**
     * Waits up to {@code nanos} (at most a second, at least a millisecond) for I/O or a {@link #wakeup}, which the
     * next {@link #runNow} handles. The wait is this class's rather than the loop's because Netty's blocking select
     * swallows the thread's interrupt, and a blocking call must end when its thread is interrupted.
     *
     * @throws InterruptedException when the thread is interrupted
     */
    void await(long nanos) throws InterruptedException {
        try {
            // The selection's keys are left alone: Netty keeps its own set of them, and the loop's next run, which
            // selects again, finds the same sockets still ready.
            nio.selector().select(IGNORE, Math.max(1, Math.min(MAX_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(nanos))));
        } catch (IOException | ClosedSelectorException e) {
            // Closed under the owner by the transport's close, which the waiting call then reports.
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Ends the owner's {@link #await} now (or its next one, if it is not waiting). */
    void wakeup() {
        nio.wakeup();
    }

    /** The owner's idle connection to {@code pool}'s worker, if it has a live one; connections of closed pools go. */
    Channel takeIdle(ConnectionPool pool) {
        if (!idle.isEmpty()) {
            idle.entrySet().removeIf(e -> e.getKey().isClosed() && close(e.getValue()));
        }
        Channel channel = idle.remove(pool);
        if (channel != null && !channel.isActive()) {
            channel.close();
            return null;
        }
        return channel;
    }

    /** Keeps {@code channel} for the owner's next call to {@code pool}'s worker, or closes it. */
    void park(ConnectionPool pool, Channel channel, boolean reusable) {
        Channel previous = reusable ? idle.putIfAbsent(pool, channel) : channel;
        if (previous != null) {
            channel.close();
        }
    }

    /**
     * Closes the loop unless its owner is using it; when {@code force} is false, only if the owner has ended or has
     * neither used it for {@code idleNanos} nor left an exchange on it. True when this call closed it.
     */
    boolean closeIfUnused(boolean force, long idleNanos) {
        boolean ended = !owner.isAlive();
        if (!force && !ended && (pending.get() > 0 || System.nanoTime() - lastUsed < idleNanos)) {
            return false;
        }
        if (ended) {
            state.set(CLOSED);
        } else if (!state.compareAndSet(IDLE, CLOSED)) {
            return false;
        }
        nio.closeAll();
        // The owner never touches a closed loop again, and its last use happened before the state changed.
        idle.clear();
        return true;
    }

    private static boolean close(Channel channel) {
        channel.close();
        return true;
    }
}
