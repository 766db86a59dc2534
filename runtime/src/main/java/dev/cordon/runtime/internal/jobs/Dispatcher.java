package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.spi.JobStore;
import dev.cordon.runtime.internal.manager.Granted;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** The most pending jobs a finishing job's handover looks at: beyond them, a pass decides. */
    private static final int HANDOVER_SCAN = 4;

    private final JobStore store;
    private final JobRunner runner;
    private final QueueAdmission admission;
    private final RunningJobs running;
    private final Acquisitions acquiring;
    private final Supplier<QueueSettings> settings;
    private final Semaphore wake = new Semaphore(0);
    private final ReentrantLock pass = new ReentrantLock();

    /**
     * Whether a pending job may be in the store. Only a handover clears it, just before a read of the queue's head;
     * everything that stores a pending job sets it after its write, and so do {@link #wake} and a pass or handover
     * that reads one. A handover that finds it clear writes the end alone without reading: on a queue that runs one
     * job at a time, that read was a tenth of each job's cost. Whatever a cleared mark could hide (a job stored by
     * another host) is found by the next pass.
     */
    private final AtomicBoolean mayBePending = new AtomicBoolean(true);

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
        mayBePending.set(true);
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /**
     * Stores a new job, and starts it in the same write when it may start at once: no other pass runs, no job waits
     * for its allocation, admission lets it start, the policy grants its allocation at once and no other job is
     * pending ({@link JobStore#insertAndClaim}). Otherwise the job waits its turn and a short pass runs, as
     * {@link #dispatchHere}.
     *
     * @throws dev.cordon.api.store.StoreException when the job cannot be stored
     */
    void submit(Job pending) {
        // The store's write is made outside the pass lock unless the job may start at once: a finishing job's
        // handover, which needs that lock, would otherwise find it taken by every submit of a busy queue.
        if (!mayStartAtOnce(pending) || pass.isHeldByCurrentThread() || !pass.tryLock()) {
            store.insert(pending);
            mayBePending.set(true);
            dispatchHere();
            return;
        }
        try {
            if (!insertAndStart(pending)) {
                mayBePending.set(true);
                passHere();
            }
        } finally {
            pass.unlock();
        }
    }

    private boolean mayStartAtOnce(Job pending) {
        return !stopped
                && acquiring.size() == 0
                && running.slots() < settings.get().maxRunning()
                && runsHere.test(pending);
    }

    /** Stores the job; {@code true} when it started in the same write, {@code false} when it waits. */
    private boolean insertAndStart(Job pending) {
        QueueSettings s = settings.get();
        if (!mayStartAtOnce(pending)) {
            store.insert(pending);
            return false;
        }
        QueueAdmission.Verdict verdict = admission.admit(pending, running, acquiring, s);
        Granted granted = null;
        if (verdict instanceof QueueAdmission.Verdict.Acquire a) {
            granted = grantedAtOnce(a);
        }
        if (verdict instanceof QueueAdmission.Verdict.Blocked
                || verdict instanceof QueueAdmission.Verdict.Acquire && granted == null) {
            store.insert(pending);
            return false;
        }
        Granted allocation = granted;
        return startUnder(allocation, () -> runner.insertAndStart(pending, allocation));
    }

    /**
     * The allocation, when the policy grants it at once; else {@code null}, the request withdrawn (a job not stored
     * yet cannot wait for a grant: the pass that follows asks again for the stored job).
     */
    private static Granted grantedAtOnce(QueueAdmission.Verdict.Acquire a) {
        CompletableFuture<Allocation> stage = a.policy().acquire(a.request()).toCompletableFuture();
        // A stage that completes as it is cancelled refuses the cancel and holds the allocation, which is then used.
        if (!stage.isDone() && stage.cancel(false)) {
            return null;
        }
        try {
            return new Granted(a.policy(), stage.join());
        } catch (CancellationException | CompletionException e) {
            return null;
        }
    }

    /**
     * The handover of the slot a finishing job frees ({@link JobRunner.Handover}): when no other pass runs and no job
     * waits for its allocation, the first job at the head of the queue that admission lets start, and whose
     * allocation the policy grants at once, is claimed in the same write as the end. The jobs before it that may not
     * start get their block reasons, as in a pass. When no job is pending the end is written alone and no pass
     * follows. {@code null} when nothing was written.
     */
    Runnable finishWithNext(RunningJob r, Job done) {
        if (stopped || pass.isHeldByCurrentThread() || !pass.tryLock()) {
            return null;
        }
        try {
            // The slot handed over: admission counts the job as gone (it is finishing: nobody else changes it).
            running.remove(r);
            QueueSettings s = settings.get();
            if (acquiring.size() > 0 || s.maxRunning() - running.slots() <= 0) {
                return null;
            }
            if (!mayBePending.getAndSet(false)) {
                return runner.finishIdle(r, done);
            }
            List<Job> head;
            try {
                head = store.withStatus(JobStatus.PENDING, 0, HANDOVER_SCAN);
            } catch (RuntimeException e) {
                mayBePending.set(true);
                throw e;
            }
            if (head.isEmpty()) {
                // Nothing waits: no pass is needed after the end. A job stored from now on runs its submitter's pass.
                return runner.finishIdle(r, done);
            }
            mayBePending.set(true);
            for (Job job : head) {
                if (!runsHere.test(job)) {
                    continue;
                }
                QueueAdmission.Verdict verdict = admission.admit(job, running, acquiring, s);
                if (verdict instanceof QueueAdmission.Verdict.Blocked b) {
                    blocked(job, b.reason());
                    continue;
                }
                Granted granted = null;
                if (verdict instanceof QueueAdmission.Verdict.Acquire a) {
                    Optional<Granted> now = acquiring.acquire(job, a.policy(), a.request());
                    if (now.isEmpty()) {
                        // It waits for its allocation, or was refused: the end is written alone.
                        return null;
                    }
                    granted = now.get();
                }
                return runner.finishAndClaim(r, done, job, granted);
            }
            return null;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Handing the slot of job {} to the next job failed; a pass starts it: {}",
                    done.id(),
                    e.toString(),
                    e);
            return null;
        } finally {
            pass.unlock();
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
            passHere();
        } finally {
            pass.unlock();
        }
    }

    /** A short pass by a thread holding the pass lock; what it leaves, or a failure, goes to the dispatcher. */
    private void passHere() {
        try {
            if (!passOnce(HERE_SCAN)) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.warn("A dispatch pass of the job queue failed; the dispatcher tries again: {}", e.toString(), e);
            wake();
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
            if (!jobs.isEmpty()) {
                mayBePending.set(true);
            }
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
        return startUnder(granted, () -> runner.start(job, granted));
    }

    /** Runs {@code start}; the allocation, if any, is released when it did not start the job or failed. */
    private static boolean startUnder(Granted granted, java.util.function.BooleanSupplier start) {
        boolean started = false;
        try {
            started = start.getAsBoolean();
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
