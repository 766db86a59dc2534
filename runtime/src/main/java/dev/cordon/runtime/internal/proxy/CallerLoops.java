package dev.cordon.runtime.internal.proxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link CallerLoop}s of a transport's calling threads: each thread gets its own on its first blocking call.
 * {@link #reap} closes the loops whose thread has ended, and those unused for a minute with nothing left on them
 * (their thread makes a new one if it calls again), so a pool of short-lived threads leaves no sockets or selectors
 * behind.
 */
final class CallerLoops {

    static final long UNUSED_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ThreadLocal<CallerLoop> mine = new ThreadLocal<>();
    private final Set<CallerLoop> all = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * The calling thread's loop, entered (in use until {@link #exit}); {@code null} once the transport is closed.
     */
    CallerLoop enter() {
        if (closed) {
            return null;
        }
        CallerLoop loop = mine.get();
        if (loop == null || !loop.enter()) {
            loop = new CallerLoop(Thread.currentThread());
            loop.enter();
            all.add(loop);
            mine.set(loop);
            if (closed) {
                exit(loop);
                return null;
            }
        }
        return loop;
    }

    /** Enters {@code loop} again for its owner; false when it was closed meanwhile. */
    boolean reenter(CallerLoop loop) {
        return !closed && loop.enter();
    }

    /** The owner is done with {@code loop} for now; once the transport is closed, the loop is closed too. */
    void exit(CallerLoop loop) {
        loop.exit();
        if (closed && loop.closeIfUnused(true, 0)) {
            all.remove(loop);
            mine.remove();
        }
    }

    /** Closes the loops whose thread has ended or that were left unused for {@link #UNUSED_NANOS}. */
    void reap() {
        all.removeIf(loop -> loop.closeIfUnused(false, UNUSED_NANOS));
    }

    boolean isClosed() {
        return closed;
    }

    /** How many loops are open. */
    int open() {
        return all.size();
    }

    /** Closes every loop not in use now; a loop in use is closed by its owner when its call ends. */
    void close() {
        closed = true;
        for (CallerLoop loop : all) {
            if (loop.closeIfUnused(true, 0)) {
                all.remove(loop);
            } else {
                loop.wakeup();
            }
        }
    }
}
