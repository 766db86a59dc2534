package dev.cordon.scheduler.internal.policy;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one named thread on which a policy evaluates and grants, so that no two grants race for the same free
 * memory and no waiting execution parks a thread of its own.
 */
final class SchedulerThread implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SchedulerThread.class.getName());

    private final ScheduledThreadPoolExecutor executor;

    SchedulerThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs the task on the thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the thread is closed
     */
    void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    /** Runs the task on the thread after the delay; cancelling the returned future withdraws it. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs the task on the thread repeatedly, {@code interval} after each run ends. */
    void repeat(Runnable task, Duration interval) {
        executor.scheduleWithFixedDelay(guarded(task), interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the thread, waiting up to 5 s for a running task to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "a scheduling task did not end within 5 s of the policy stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // An exception escaping a repeated task would silently cancel every later run: log it and carry on.
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a scheduling task failed", e);
            }
        };
    }
}
