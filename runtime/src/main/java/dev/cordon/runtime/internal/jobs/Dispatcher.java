package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobStore;
import dev.cordon.runtime.internal.manager.Granted;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Starts pending jobs, in run order, while the global limit has room: each candidate is asked of
 * {@link QueueAdmission}; one that may not start is skipped with its block reason written (when it changed) and
 * published, so that a later job of a free lane or another instance can start; one whose lane and instance have room
 * asks the policy for its allocation through {@link Acquisitions} and starts under it, at once or when granted.
 *
 * <p>Passes run one at a time. The dispatcher's own named thread runs one when woken (a job reordered, a grant ready)
 * and otherwise every {@code dispatch_poll_ms} to look again at blocked jobs. A thread that has just submitted a job or
 * freed a slot runs a short pass itself ({@link #dispatchHere}) when no other pass is running, so that the next job
 * starts without waking another thread; it never waits for a running pass, and leaves to the dispatcher's thread what
 * it does not finish.
 */
final class Dispatcher implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Dispatcher.class);

    /** Pending jobs read from the store per page. */
    private static final int PAGE = 64;

    /** The most pending jobs one pass looks at, so that a deep queue of blocked jobs costs a bounded pass. */
    private static final int MAX_SCAN = 512;

    /** The most pending jobs a pass run by another thread looks at: the head of the queue, which is what it frees. */
    private static final int HERE_SCAN = 16;

    private final JobStore store;
    private final JobRunner runner;
    private final QueueAdmission admission;
    private final RunningJobs running;
    private final Acquisitions acquiring;
    private final Supplier<QueueSettings> settings;
    private final Semaphore wake = new Semaphore(0);
    private final ReentrantLock pass = new ReentrantLock();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Predicate<Job> runsHere = job -> true;

    Dispatcher(
            JobStore store,
            JobRunner runner,
            QueueAdmission admission,
            RunningJobs running,
            Supplier<QueueSettings> settings,
            Executor handler) {
        this.store = store;
        this.runner = runner;
        this.admission = admission;
        this.running = running;
        this.settings = settings;
        this.acquiring = new Acquisitions(handler, this::blocked, this::wake);
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

    /**
     * Runs a short pass on the calling thread, when no other pass runs; else asks the dispatcher's thread for one.
     * Never blocks on another pass, and never runs one inside another (a job ending as it is started).
     */
    void dispatchHere() {
        if (stopped) {
            return;
        }
        if (pass.isHeldByCurrentThread() || !pass.tryLock()) {
            wake();
            return;
        }
        try {
            if (!passOnce(HERE_SCAN)) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.warn("A dispatch pass of the job queue failed; the dispatcher tries again: {}", e.toString(), e);
            wake();
        } finally {
            pass.unlock();
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

    /** One pass: starts the jobs granted since the last, then what may start now. */
    void dispatchOnce() {
        pass.lock();
        try {
            passOnce(MAX_SCAN);
        } finally {
            pass.unlock();
        }
    }

    /**
     * Starts what may start among the first {@code maxScan} pending jobs; {@code false} when it stopped at that
     * bound with room left, so that a longer pass should look further.
     */
    private boolean passOnce(int maxScan) {
        startGranted();
        QueueSettings s = settings.get();
        int free = s.maxRunning() - running.slots() - acquiring.size();
        int offset = 0;
        int scanned = 0;
        // Small pages first: most passes start one job at the head of the queue, and every job read is parsed.
        int page = Math.min(Math.min(PAGE, maxScan), Math.max(free, 1) * 2);
        while (free > 0 && !stopped) {
            if (scanned >= maxScan) {
                return false;
            }
            List<Job> jobs = store.withStatus(JobStatus.PENDING, offset, page);
            int started = 0;
            for (Job job : jobs) {
                if (free <= 0 || stopped) {
                    return true;
                }
                if (!runsHere.test(job)) {
                    continue;
                }
                if (acquiring.waiting(job.id())) {
                    continue;
                }
                QueueAdmission.Verdict verdict = admission.admit(job, running, acquiring, s);
                if (verdict instanceof QueueAdmission.Verdict.Blocked b) {
                    blocked(job, b.reason());
                    continue;
                }
                Optional<Granted> granted = Optional.empty();
                if (verdict instanceof QueueAdmission.Verdict.Acquire a) {
                    granted = acquiring.acquire(job, a.policy(), a.request());
                    if (granted.isEmpty()) {
                        // It waits for its allocation (and counts as taking its room meanwhile), or was refused.
                        free = s.maxRunning() - running.slots() - acquiring.size();
                        continue;
                    }
                }
                if (start(job, granted.orElse(null))) {
                    started++;
                    free--;
                }
            }
            if (jobs.size() < page) {
                return true;
            }
            scanned += jobs.size();
            // Started jobs left the pending list: the next page begins that much earlier.
            offset += jobs.size() - started;
            page = Math.min(PAGE, maxScan);
        }
        return true;
    }

    /** Starts the job; its allocation, if any, is released when it does not start. */
    private boolean start(Job job, Granted granted) {
        boolean started = false;
        try {
            started = runner.start(job, granted);
            return started;
        } finally {
            if (!started && granted != null) {
                granted.release();
            }
        }
    }

    /** Starts the jobs whose allocation the policy granted while they waited, as they are in the store now. */
    private void startGranted() {
        for (Acquisitions.Ready r : acquiring.takeReady()) {
            try {
                Optional<Job> now;
                try {
                    now = store.find(r.job().id()).filter(j -> j.status() == JobStatus.PENDING);
                } catch (RuntimeException e) {
                    r.granted().release();
                    throw e;
                }
                if (now.isEmpty()) {
                    r.granted().release();
                } else {
                    start(now.get(), r.granted());
                }
            } finally {
                acquiring.done(r.job().id());
            }
        }
    }

    /** Writes and publishes a pending job's new block reason (nothing when it is unchanged or the job moved on). */
    void blocked(Job job, String reason) {
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

    /** {@link #blocked(Job, String)} for a job known by its id, as the store has it now. */
    void blocked(String jobId, String reason) {
        store.find(jobId).filter(j -> j.status() == JobStatus.PENDING).ifPresent(j -> blocked(j, reason));
    }

    /** Withdraws the job's wait for an allocation, if it waits (it was cancelled). */
    void withdraw(String jobId) {
        acquiring.withdraw(jobId);
    }

    @Override
    public void close() {
        stopped = true;
        acquiring.close();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
