package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Cancels jobs. A pending job ends {@code cancelled} at once. A running job goes through the phases, each written and
 * published: {@code cooperative} (the plugin is asked to stop; if it does within {@code cancel_timeout}, the job ends
 * {@code cancelled}), then {@code force} (its worker is stopped), {@code reloading} (the instance gets a fresh worker
 * with the same config) and {@code completed}, when the job ends {@code cancelled} and its slot is free again. The
 * waiting happens on the queue's own threads; other lanes and instances keep running meanwhile.
 */
final class Cancellation {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Cancellation.class);

    /** How long the forced phase waits for the stopped worker's call to end before it reloads anyway. */
    private static final Duration CALL_END_WAIT = Duration.ofSeconds(10);

    /** When {@code /cancel} is sent again while the call runs on, doubling up to {@link #MAX_REPEAT_MS}. */
    private static final long FIRST_REPEAT_MS = 20;

    private static final long MAX_REPEAT_MS = 320;

    private final JobRunner runner;
    private final JobStore store;
    private final JobTarget target;
    private final RunningJobs running;
    private final Consumer<JobEvent> events;
    private final Supplier<QueueSettings> settings;
    private final ScheduledExecutorService timer;
    private final ExecutorService work;
    private volatile Predicate<Job> elsewhere = job -> false;

    Cancellation(
            JobRunner runner,
            JobStore store,
            JobTarget target,
            RunningJobs running,
            Consumer<JobEvent> events,
            Supplier<QueueSettings> settings,
            ScheduledExecutorService timer,
            ExecutorService work) {
        this.runner = runner;
        this.store = store;
        this.target = target;
        this.running = running;
        this.events = events;
        this.settings = settings;
        this.timer = timer;
        this.work = work;
    }

    /**
     * Who passes on the cancellation of a job running on another host; {@code true} when it did. Without one, such
     * a job is not cancelled here.
     */
    void onRunningElsewhere(Predicate<Job> passOn) {
        this.elsewhere = passOn;
    }

    /**
     * Cancels a pending or running job; {@code false} when it is unknown, terminal, or run by another host that
     * cannot be told.
     */
    boolean cancel(String jobId) {
        Optional<RunningJob> r = running.get(jobId);
        if (r.isPresent()) {
            return cancelRunning(r.get());
        }
        Optional<Job> stored = store.find(jobId);
        if (stored.isPresent() && stored.get().status() == JobStatus.RUNNING) {
            return elsewhere.test(stored.get());
        }
        if (stored.isEmpty() || stored.get().status() != JobStatus.PENDING) {
            return false;
        }
        Job pending = stored.get();
        Instant now = runner.now();
        Job cancelled = JobDraft.of(runner.cancelled(pending, "Cancelled before it ran"))
                .cancel(now, CancelPhase.COMPLETED)
                .build();
        if (store.updatePending(cancelled)) {
            events.accept(JobEvent.stateTransition(cancelled, JobStatus.PENDING, JobStatus.CANCELLED, now));
            runner.ended(cancelled);
            return true;
        }
        // Claimed between the look-up and the update: it runs now, here or on another host.
        return running.get(jobId)
                .map(this::cancelRunning)
                .orElseGet(() -> store.find(jobId)
                        .filter(j -> j.status() == JobStatus.RUNNING)
                        .map(elsewhere::test)
                        .orElse(false));
    }

    private boolean cancelRunning(RunningJob r) {
        if (!r.startCancel()) {
            // Asked before (it is on its way out) or its call has just ended.
            return r.phase().isPresent();
        }
        runner.changePhase(r, null, CancelPhase.COOPERATIVE);
        ask(r, FIRST_REPEAT_MS);
        long timeout = settings.get().cancelTimeout().toMillis();
        timer.schedule(() -> work.execute(() -> force(r)), timeout, TimeUnit.MILLISECONDS);
        return true;
    }

    /**
     * Sends {@code /cancel} to the job's worker and, while the call runs on and the cancel is still cooperative, sends
     * it again after {@code nextMs}, doubling: a worker cancels the calls its plugin runs at the moment it is asked, so
     * a cancel that arrives while the call is still on its way into the plugin (a loaded machine) would otherwise be
     * lost and the job forced after the whole {@code cancel_timeout}.
     */
    private void ask(RunningJob r, long nextMs) {
        String instance = r.job().pluginInstanceId();
        work.execute(() -> {
            if (r.ended().isDone()
                    || r.phase().filter(p -> p == CancelPhase.COOPERATIVE).isEmpty()) {
                return;
            }
            try {
                if (!target.cancel(instance)) {
                    LOG.info(
                            "The plugin of instance {} does not support cancellation; job {} is stopped by force"
                                    + " after the cancel timeout",
                            instance,
                            r.id());
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("Asking instance {} to cancel job {} failed: {}", instance, r.id(), e.toString());
                return;
            }
            timer.schedule(() -> ask(r, Math.min(nextMs * 2, MAX_REPEAT_MS)), nextMs, TimeUnit.MILLISECONDS);
        });
    }

    /** The plugin did not stop in time: stop its worker, reload the instance, and end the job. */
    private void force(RunningJob r) {
        if (!r.escalate(CancelPhase.FORCE)) {
            return;
        }
        String instance = r.job().pluginInstanceId();
        runner.changePhase(r, CancelPhase.COOPERATIVE, CancelPhase.FORCE);
        // Calls of other jobs on the same worker die with it through no fault of theirs: they run again.
        running.onInstanceJobs(instance).stream()
                .filter(other -> other != r)
                .forEach(other -> other.stoppedFor(r.id()));
        try {
            target.forceStop(instance);
            r.ended().get(CALL_END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "The call of job {} did not end within {} s of stopping its worker; reloading {} anyway",
                    r.id(),
                    CALL_END_WAIT.toSeconds(),
                    instance);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
            LOG.warn("Stopping the worker of instance {} for job {} failed: {}", instance, r.id(), e.toString());
        }
        r.escalate(CancelPhase.RELOADING);
        runner.changePhase(r, CancelPhase.FORCE, CancelPhase.RELOADING);
        try {
            target.reload(instance);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Reloading instance {} after cancelling job {} failed: {}; its next call starts a fresh worker",
                    instance,
                    r.id(),
                    e.toString());
        }
        r.escalate(CancelPhase.COMPLETED);
        runner.changePhase(r, CancelPhase.RELOADING, CancelPhase.COMPLETED);
        long timeout = settings.get().cancelTimeout().toMillis();
        runner.finish(
                r,
                runner.cancelled(
                        r.job(),
                        "Cancelled: the plugin did not stop within cancel_timeout (" + timeout
                                + " ms), so its worker was stopped and the instance reloaded"));
    }
}
