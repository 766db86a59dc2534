package dev.cordon.runtime.internal.jobs;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue's threads, each named: job calls (one per running job, blocked on its worker), the finisher that writes
 * each job's end, the one that hears the scheduling policy about waiting jobs, cancellation work, its timer, and the
 * poller. All daemon threads; {@link #close} stops them and
 * waits a bounded time. The threads that write to the store (finisher, admit, poller) are let finish their task rather than
 * interrupted, so that no store connection is abandoned half-way through a write.
 */
final class QueueThreads implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueueThreads.class);

    private final CallThreads calls = new CallThreads(named("cordon-job-call-"));
    private final ExecutorService finisher = Executors.newSingleThreadExecutor(named("cordon-jobs-finish-"));
    private final ExecutorService admit = Executors.newSingleThreadExecutor(named("cordon-jobs-admit-"));
    private final ExecutorService work = Executors.newCachedThreadPool(named("cordon-jobs-cancel-"));
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(named("cordon-jobs-timer-"));
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(named("cordon-jobs-poll-"));

    java.util.concurrent.Executor calls() {
        return calls;
    }

    ExecutorService finisher() {
        return finisher;
    }

    /** Hears the scheduling policy about jobs waiting for an allocation, one event at a time. */
    ExecutorService admit() {
        return admit;
    }

    ExecutorService work() {
        return work;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ScheduledExecutorService poller() {
        return poller;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        List<ExecutorService> all = List.of(poller, timer, admit, work, finisher);
        poller.shutdown();
        admit.shutdown();
        finisher.shutdown();
        List.of(timer, work).forEach(ExecutorService::shutdownNow);
        calls.shutdownNow();
        for (ExecutorService e : all) {
            try {
                if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("A job queue thread pool did not stop within 5 s");
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            if (!calls.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("A job queue thread pool did not stop within 5 s");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
