package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.ErrorClassifier;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.TracebackPolicy;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobClaim;
import dev.cordon.api.spi.JobStore;
import dev.cordon.runtime.internal.manager.Granted;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts jobs under a claim and finishes them: every state change is written to the store first, under the job's
 * claim, and then published. A job's call runs on the target's threads; its end is handled on the call's own thread
 * when the target says that may block, else on {@code finisher}; never on a thread of the worker connection.
 */
final class JobRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final JobTarget target;
    private final Consumer<JobEvent> events;
    private final Supplier<QueueSettings> settings;
    private final Clock clock;
    private final String owner;
    private final RunningJobs running;
    private final Completions completions;
    private final Executor finisher;
    private volatile Runnable wake = () -> {};
    private volatile Consumer<Job> terminal = job -> {};
    private volatile Handover handover = (r, done) -> null;
    private volatile boolean closing;

    JobRunner(
            JobStore store,
            JobTarget target,
            Consumer<JobEvent> events,
            Supplier<QueueSettings> settings,
            Clock clock,
            String owner,
            RunningJobs running,
            Completions completions,
            Executor finisher) {
        this.store = store;
        this.target = target;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.owner = owner;
        this.running = running;
        this.completions = completions;
        this.finisher = finisher;
    }

    /** Who is told that a slot is free again. */
    void onSlotFreed(Runnable r) {
        this.wake = r;
    }

    /** Who may start the next job in the write that ends a job. */
    void onHandover(Handover h) {
        this.handover = h;
    }

    /** Who hears every job that reaches a terminal state on this host. */
    void onTerminal(Consumer<Job> listener) {
        this.terminal = listener;
    }

    String owner() {
        return owner;
    }

    Instant now() {
        return clock.instant();
    }

    /** From now on, calls that end (because the host stops their workers) are left to the restart rule. */
    void closing() {
        closing = true;
    }

    /**
     * Claims a pending job and starts its call, under {@code granted} when the queue acquired its allocation
     * ({@code null} when the manager admits the call itself); {@code false} when another owner claimed it first or it
     * is no longer pending, and then the allocation is the caller's still.
     */
    boolean start(Job pending, Granted granted) {
        Instant now = now();
        Job started = started(pending, now);
        Optional<JobClaim> claim =
                store.claim(started, owner, now, settings.get().lease());
        if (claim.isEmpty()) {
            return false;
        }
        launch(running(started, claim.get()), pending, granted);
        return true;
    }

    /**
     * Stores a new job and, when no other job is pending, starts it in the same write ({@link JobStore#insertAndClaim});
     * {@code false} when it was stored to wait its turn, and then the allocation is the caller's still.
     */
    boolean insertAndStart(Job pending, Granted granted) {
        Instant now = now();
        Job started = started(pending, now);
        Optional<JobClaim> claim = store.insertAndClaim(
                pending, started, owner, now, settings.get().lease());
        if (claim.isEmpty()) {
            return false;
        }
        launch(running(started, claim.get()), pending, granted);
        return true;
    }

    /**
     * Writes the end of a job whose call ended and claims the pending job {@code next} in the same write
     * ({@link JobStore#finishAndClaim}); returns what starts the next job's call, to be run once the end is published,
     * or {@link Handover#WRITTEN} when the claim was refused (the allocation, if any, is then released). The caller
     * has the right to finish {@code r} ({@link RunningJob#markFinished}).
     */
    Runnable finishAndClaim(RunningJob r, Job done, Job next, Granted granted) {
        Instant now = now();
        Job started = started(next, now);
        JobStore.Handover h;
        try {
            h = store.finishAndClaim(
                    r.claim(), done, started, owner, now, settings.get().lease());
        } catch (RuntimeException e) {
            if (granted != null) {
                granted.release();
            }
            throw e;
        }
        if (!h.finished()) {
            droppedEnd(done);
        }
        if (h.next().isEmpty()) {
            if (granted != null) {
                granted.release();
            }
            return Handover.WRITTEN;
        }
        RunningJob nr = running(started, h.next().get());
        return () -> launch(nr, next, granted);
    }

    /** Writes the end of a job whose call ended while no job is pending; returns {@link Handover#IDLE}. */
    Runnable finishIdle(RunningJob r, Job done) {
        if (!store.finish(r.claim(), done)) {
            droppedEnd(done);
        }
        return Handover.IDLE;
    }

    private static Job started(Job pending, Instant now) {
        return JobDraft.of(pending)
                .status(JobStatus.RUNNING)
                .startedAt(Optional.of(now))
                .blockReason(Optional.empty())
                .build();
    }

    /** The claimed job, counted as running from now on. */
    private RunningJob running(Job started, JobClaim claim) {
        RunningJob r = new RunningJob(started, claim);
        running.add(r);
        return r;
    }

    /** Publishes a claimed job's start and starts its call. */
    private void launch(RunningJob r, Job pending, Granted granted) {
        Job started = r.job();
        pending.blockReason()
                .ifPresent(reason -> publish(started, JobEventType.BLOCK_REASON_CHANGED, fromTo(reason, null)));
        events.accept(JobEvent.stateTransition(
                started,
                JobStatus.PENDING,
                JobStatus.RUNNING,
                started.startedAt().orElseThrow()));
        Call call = new Call(pending.args(), pending.kwargs(), context(pending));
        try {
            CompletableFuture<Object> ends = granted == null
                    ? target.execute(pending.pluginInstanceId(), call)
                    : target.execute(pending.pluginInstanceId(), call, granted);
            if (target.endsOnCallThread()) {
                ends.whenComplete((result, failure) -> callEnded(r, result, failure));
            } else {
                ends.whenCompleteAsync((result, failure) -> callEnded(r, result, failure), finisher);
            }
        } catch (RuntimeException e) {
            callEnded(r, null, e);
        }
    }

    private static CallContext context(Job job) {
        return new CallContext(Optional.of(job.id()), job.runId(), job.actor());
    }

    private void callEnded(RunningJob r, Object result, Throwable failure) {
        if (closing) {
            return;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        Optional<CancelPhase> phase = r.callEnded(new RunningJob.Outcome(result, cause));
        if (phase.isEmpty() && cause != null && r.stoppedFor().isPresent()) {
            runAgainOrFail(r, r.stoppedFor().get(), cause);
        } else if (phase.isEmpty()) {
            finish(r, cause == null ? completed(r.job(), result) : failed(r.job(), cause));
        } else if (phase.get() == CancelPhase.COOPERATIVE) {
            changePhase(r, CancelPhase.COOPERATIVE, CancelPhase.COMPLETED);
            // A plugin that finished its work in spite of the request keeps its result.
            finish(
                    r,
                    cause == null
                            ? completed(r.job(), result)
                            : cancelled(
                                    r.job(), "Cancelled: the plugin stopped when asked (" + cause.getMessage() + ")"));
        }
        // A forced cancellation under way finishes the job itself once the instance is reloaded.
    }

    /**
     * The job's call failed because its worker was stopped by force to cancel {@code otherJobId}: it goes back to
     * the queue to run on the fresh worker, unless its plugin declares {@code retry_safe: false}, when it fails
     * saying why.
     */
    private void runAgainOrFail(RunningJob r, String otherJobId, Throwable cause) {
        Job job = r.job();
        boolean again = target.retrySafe(job.pluginInstanceId());
        String message = "The worker of instance '" + job.pluginInstanceId() + "' was stopped by force to cancel job "
                + otherJobId + " while job " + job.id() + " ran on it"
                + (again
                        ? "; it runs again on the fresh worker"
                        : "; its plugin declares retry_safe: false, so it is not run again (" + cause.getMessage()
                                + ")");
        JobError error = transientError(job, message, again, now());
        if (!again) {
            finish(r, JobDraft.of(failed(job, cause)).error(Optional.of(error)).build());
            return;
        }
        if (!r.markFinished()) {
            return;
        }
        Instant now = now();
        Job pending = toRunAgain(job, error);
        boolean requeued;
        try {
            requeued = store.requeue(r.claim(), pending);
        } catch (RuntimeException e) {
            LOG.error("Cannot put job {} back in the queue: {}", job.id(), e.toString());
            requeued = false;
        } finally {
            running.remove(r);
        }
        if (!requeued) {
            LOG.warn("Job {} was taken over by another owner before it could run again here", job.id());
            wake.run();
            return;
        }
        requeued(pending, now);
        wake.run();
    }

    /** A transient error on {@code job}'s instance, {@code retriable} when the job runs again. */
    static JobError transientError(Job job, String message, boolean retriable, Instant at) {
        return new JobError(
                ErrorCategory.TRANSIENT,
                message,
                retriable,
                null,
                null,
                null,
                null,
                null,
                null,
                job.pluginInstanceId(),
                at);
    }

    /** The running {@code job} made pending again to run once more, {@code why} on it and its retry count raised. */
    static Job toRunAgain(Job job, JobError why) {
        return JobDraft.of(job)
                .status(JobStatus.PENDING)
                .startedAt(Optional.empty())
                .progress(0.0, "")
                .retryCount(job.retryCount() + 1)
                .error(Optional.of(why))
                .build();
    }

    /** Publishes a job put back in the queue: its move to pending, then its {@code retry_started} with its error. */
    void requeued(Job pending, Instant at) {
        events.accept(JobEvent.stateTransition(pending, JobStatus.RUNNING, JobStatus.PENDING, at));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("attempt", pending.retryCount());
        payload.put("exception_repr", pending.error().map(JobError::message).orElse(null));
        payload.put("exception_category", ErrorCategory.TRANSIENT.wire());
        publish(pending, JobEventType.RETRY_STARTED, payload);
    }

    /**
     * Writes a running job's terminal state, releases its claim and tells everyone; only the first call counts. The
     * {@link #onHandover handover} may start the next job in the same write; that job's start is published after
     * this one's end.
     */
    void finish(RunningJob r, Job done) {
        if (!r.markFinished()) {
            return;
        }
        Runnable next = null;
        try {
            next = handover.finishWithNext(r, done);
            if (next == null && !store.finish(r.claim(), done)) {
                droppedEnd(done);
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot store the end ({}) of job {}: {}", done.status().wire(), done.id(), e.toString());
        } finally {
            running.remove(r);
        }
        events.accept(JobEvent.stateTransition(done, JobStatus.RUNNING, done.status(), now()));
        if (next == null || next == Handover.WRITTEN) {
            ended(done);
            return;
        }
        try {
            completions.ended(done);
            terminal.accept(done);
        } finally {
            if (next != Handover.IDLE) {
                next.run();
                wake.run();
            }
        }
    }

    private static void droppedEnd(Job done) {
        LOG.warn(
                "Job {} was taken over by another owner before it finished here; its result {} is dropped",
                done.id(),
                done.status().wire());
    }

    /** A job reached a terminal state (here or by a pending cancel): waiters and sequences hear it. */
    void ended(Job done) {
        completions.ended(done);
        try {
            terminal.accept(done);
        } finally {
            wake.run();
        }
    }

    /** Writes and publishes a cancel phase change of a running job. */
    void changePhase(RunningJob r, CancelPhase from, CancelPhase to) {
        Instant now = now();
        Job changed = r.change(
                j -> JobDraft.of(j)
                        .cancel(j.cancelRequestedAt().orElse(now), to)
                        .build(),
                store);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("from", from == null ? null : from.wire());
        payload.put("to", to.wire());
        publish(changed, JobEventType.CANCEL_PHASE_CHANGED, payload);
        if (to == CancelPhase.FORCE) {
            // The forced job gives its lane back while its worker is stopped and its instance reloads.
            wake.run();
        }
    }

    void publish(Job job, JobEventType type, Map<String, Object> payload) {
        events.accept(new JobEvent(
                type, job.id(), job.pluginInstanceId(), job.sequenceId(), job.sequenceIndex(), now(), payload));
    }

    static Map<String, Object> fromTo(Object from, Object to) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        return m;
    }

    Job completed(Job job, Object result) {
        return JobDraft.of(job)
                .status(JobStatus.COMPLETED)
                .completedAt(now())
                .progress(1.0, job.statusMessage())
                .result(result)
                .error(Optional.empty())
                .build();
    }

    Job failed(Job job, Throwable failure) {
        String plugin = target.instance(job.pluginInstanceId())
                .map(JobTarget.InstanceView::pluginName)
                .orElse(null);
        JobError error =
                ErrorClassifier.toJobError(failure, plugin, job.pluginInstanceId(), TracebackPolicy.REPR_ONLY, now());
        return JobDraft.of(job)
                .status(JobStatus.FAILED)
                .completedAt(now())
                .error(Optional.of(error))
                .build();
    }

    Job cancelled(Job job, String message) {
        Instant now = now();
        JobError error = new JobError(
                ErrorCategory.TRANSIENT,
                message,
                false,
                new PluginCancelledError(job.pluginInstanceId()).toString(),
                null,
                null,
                null,
                null,
                null,
                job.pluginInstanceId(),
                now);
        return JobDraft.of(job)
                .status(JobStatus.CANCELLED)
                .completedAt(now)
                .cancel(job.cancelRequestedAt().orElse(now), CancelPhase.COMPLETED)
                .blockReason(Optional.empty())
                .error(Optional.of(error))
                .build();
    }

    /** Starts the next job in the slot a finishing job frees, in the same write as that job's end. */
    @FunctionalInterface
    interface Handover {

        /** Returned when the end was written and no job starts after it. */
        Runnable WRITTEN = () -> {};

        /** Returned when the end was written and no job was pending: no pass needs to follow. */
        Runnable IDLE = () -> {};

        /**
         * Writes the end of {@code r} as {@code done}, with the claim of a job to start next when one may; returns
         * what starts that job's call, {@link #WRITTEN} or {@link #IDLE} when only the end was written, or
         * {@code null} when nothing was written and the end is the caller's to write.
         */
        Runnable finishWithNext(RunningJob r, Job done);
    }
}
