package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Starts pending jobs, in run order, while the global limit has room: each candidate is asked of
 * {@link QueueAdmission}; one that may not start is skipped with its block reason written (when it changed) and
 * published, so that a later job of a free lane or another instance can start. Runs on one named thread, woken when a
 * job is submitted, reordered or ends, and otherwise every {@code dispatch_poll_ms} to look again at blocked jobs.
 */
final class Dispatcher implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Dispatcher.class);

    /** Pending jobs read from the store per page. */
    private static final int PAGE = 64;

    /** The most pending jobs one pass looks at, so that a deep queue of blocked jobs costs a bounded pass. */
    private static final int MAX_SCAN = 512;

    private final JobStore store;
    private final JobRunner runner;
    private final QueueAdmission admission;
    private final RunningJobs running;
    private final Supplier<QueueSettings> settings;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Predicate<Job> runsHere = job -> true;

    Dispatcher(
            JobStore store,
            JobRunner runner,
            QueueAdmission admission,
            RunningJobs running,
            Supplier<QueueSettings> settings) {
        this.store = store;
        this.runner = runner;
        this.admission = admission;
        this.running = running;
        this.settings = settings;
        this.thread = new Thread(this::loop, "cordon-jobs-dispatch");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Starts only the jobs this host can run, leaving the others to the hosts that share the store. */
    void runOnly(Predicate<Job> filter) {
        this.runsHere = filter;
    }

    /** Asks for a pass soon; never blocks. */
    void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void loop() {
        while (!stopped) {
            try {
                dispatchOnce();
            } catch (RuntimeException e) {
                LOG.warn("A dispatch pass of the job queue failed; trying again: {}", e.toString(), e);
            }
            try {
                wake.tryAcquire(settings.get().dispatchPoll().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass: starts what may start now. */
    void dispatchOnce() {
        QueueSettings s = settings.get();
        int free = s.maxRunning() - running.size();
        int offset = 0;
        int scanned = 0;
        while (free > 0 && scanned < MAX_SCAN && !stopped) {
            List<Job> page = store.withStatus(JobStatus.PENDING, offset, PAGE);
            if (page.isEmpty()) {
                return;
            }
            int started = 0;
            for (Job job : page) {
                if (free <= 0 || stopped) {
                    return;
                }
                if (!runsHere.test(job)) {
                    continue;
                }
                Optional<String> reason = admission.blockReason(job, running, s);
                if (reason.isPresent()) {
                    blocked(job, reason.get());
                } else if (runner.start(job)) {
                    started++;
                    free--;
                }
            }
            scanned += page.size();
            // Started jobs left the pending list: the next page begins that much earlier.
            offset += page.size() - started;
        }
    }

    private void blocked(Job job, String reason) {
        if (job.blockReason().filter(reason::equals).isPresent()) {
            return;
        }
        Job b = JobDraft.of(job).blockReason(Optional.of(reason)).build();
        if (store.updatePending(b)) {
            runner.publish(
                    b,
                    JobEventType.BLOCK_REASON_CHANGED,
                    JobRunner.fromTo(job.blockReason().orElse(null), reason));
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
