package dev.cordon.runtime.internal.jobs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The threads job calls run on, one per running call (each blocks until its worker answers). A call started by a
 * call thread as its last work — the next job of a lane, started as the previous one's end is written — runs next on
 * that same thread instead of waking another: on a busy lane every job would otherwise pay a thread hand-off, which
 * costs as much as the store's writes on a small machine. Only the first such call is kept for the thread; any
 * further call it starts goes to a thread of its own, so jobs of several lanes still run in parallel.
 */
final class CallThreads implements java.util.concurrent.Executor {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CallThreads.class);

    /** The call the current call thread runs once its task ends; absent on threads that are not call threads. */
    private static final ThreadLocal<Next> NEXT = new ThreadLocal<>();

    private final ExecutorService pool;

    CallThreads(ThreadFactory threads) {
        this.pool = Executors.newCachedThreadPool(threads);
    }

    @Override
    public void execute(Runnable call) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("the job queue is stopping");
        }
        Next next = NEXT.get();
        if (next != null && next.task == null) {
            next.task = call;
            return;
        }
        pool.execute(() -> runFrom(call));
    }

    private static void runFrom(Runnable first) {
        Next next = new Next();
        NEXT.set(next);
        try {
            Runnable task = first;
            while (task != null) {
                next.task = null;
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    // A call's task reports its own failure through its future; this one escaped it.
                    LOG.error("A job call task failed: {}", e.toString(), e);
                }
                task = next.task;
            }
        } finally {
            NEXT.remove();
        }
    }

    void shutdownNow() {
        pool.shutdownNow();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }

    /** The call kept for the current thread. */
    private static final class Next {
        Runnable task;
    }
}
