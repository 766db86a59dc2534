package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobSequence;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.SequenceStep;
import dev.cordon.api.model.StepResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sequences of steps run one after another: a step is submitted as a job when the one before it ended. Fail-fast
 * stops at the first step that does not complete (the sequence ends {@code failed}); best-effort tries every step
 * (it ends {@code completed}, each step's outcome in its results). Each advance is published as
 * {@code sequence_advanced}, tagged with the next step's job.
 *
 * <p>A sequence's bookkeeping lives in memory: its steps' jobs are durable like any job, but after a restart the
 * steps not yet submitted are not submitted.
 */
final class Sequences {

    /** How many finished sequences are kept for {@link #get}. */
    private static final int KEEP_FINISHED = 1000;

    /** Submits one step as a job of the sequence. */
    interface StepSubmitter {
        Job submit(SequenceStep step, String sequenceId, int index, int sequencePriority);
    }

    private final StepSubmitter submitter;
    private final Predicate<String> cancelJob;
    private final JobRunner runner;
    private final Clock clock;
    private final Map<String, JobSequence> byId = new LinkedHashMap<>();

    Sequences(StepSubmitter submitter, Predicate<String> cancelJob, JobRunner runner, Clock clock) {
        this.submitter = submitter;
        this.cancelJob = cancelJob;
        this.runner = runner;
        this.clock = clock;
    }

    /** Starts a sequence with its first step; the caller has checked every step's instance. */
    JobSequence submit(List<SequenceStep> steps, boolean failFast, int priority) {
        if (steps.isEmpty()) {
            throw new dev.cordon.api.error.PluginInputError(
                    "A sequence needs at least one step", List.of("steps"), null);
        }
        String id = java.util.UUID.randomUUID().toString();
        synchronized (this) {
            byId.put(
                    id,
                    new JobSequence(
                            id,
                            steps,
                            failFast,
                            priority,
                            0,
                            Optional.empty(),
                            List.of(),
                            JobStatus.RUNNING,
                            clock.instant(),
                            Optional.empty()));
        }
        Job first = submitter.submit(steps.get(0), id, 0, priority);
        synchronized (this) {
            JobSequence s = byId.get(id);
            JobSequence withJob = new JobSequence(
                    id,
                    steps,
                    failFast,
                    priority,
                    0,
                    Optional.of(first.id()),
                    s.results(),
                    s.status(),
                    s.submittedAt(),
                    s.completedAt());
            byId.put(id, withJob);
            return withJob;
        }
    }

    synchronized Optional<JobSequence> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** A job ended: if it is the current step of a running sequence, the sequence records it and moves on. */
    void stepEnded(Job job) {
        if (job.sequenceId().isEmpty()) {
            return;
        }
        SequenceStep next;
        JobSequence advanced;
        synchronized (this) {
            JobSequence s = byId.get(job.sequenceId().get());
            if (s == null || s.status().terminal() || !s.currentJobId().equals(Optional.of(job.id()))) {
                return;
            }
            boolean success = job.status() == JobStatus.COMPLETED;
            List<StepResult> results = new ArrayList<>(s.results());
            results.add(new StepResult(job.id(), success, job.result(), job.error()));
            int nextIndex = s.currentIndex() + 1;
            JobStatus end = job.status() == JobStatus.CANCELLED
                    ? JobStatus.CANCELLED
                    : !success && s.failFast()
                            ? JobStatus.FAILED
                            : nextIndex >= s.steps().size() ? JobStatus.COMPLETED : JobStatus.RUNNING;
            if (end.terminal()) {
                byId.put(
                        s.id(),
                        new JobSequence(
                                s.id(),
                                s.steps(),
                                s.failFast(),
                                s.priority(),
                                s.currentIndex(),
                                s.currentJobId(),
                                results,
                                end,
                                s.submittedAt(),
                                Optional.of(clock.instant())));
                trim();
                return;
            }
            next = s.steps().get(nextIndex);
            advanced = new JobSequence(
                    s.id(),
                    s.steps(),
                    s.failFast(),
                    s.priority(),
                    nextIndex,
                    Optional.empty(),
                    results,
                    JobStatus.RUNNING,
                    s.submittedAt(),
                    Optional.empty());
            byId.put(s.id(), advanced);
        }
        Job nextJob = submitter.submit(next, advanced.id(), advanced.currentIndex(), advanced.priority());
        synchronized (this) {
            JobSequence s = byId.get(advanced.id());
            byId.put(
                    s.id(),
                    new JobSequence(
                            s.id(),
                            s.steps(),
                            s.failFast(),
                            s.priority(),
                            s.currentIndex(),
                            Optional.of(nextJob.id()),
                            s.results(),
                            s.status(),
                            s.submittedAt(),
                            s.completedAt()));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("prior_job_id", job.id());
        payload.put("prior_step_index", job.sequenceIndex().orElse(-1));
        payload.put("prior_success", job.status() == JobStatus.COMPLETED);
        runner.publish(nextJob, JobEventType.SEQUENCE_ADVANCED, payload);
    }

    /** Cancels the current step and stops the sequence; {@code false} when unknown or already ended. */
    boolean cancel(String sequenceId) {
        Optional<String> current;
        synchronized (this) {
            JobSequence s = byId.get(sequenceId);
            if (s == null || s.status().terminal()) {
                return false;
            }
            byId.put(
                    s.id(),
                    new JobSequence(
                            s.id(),
                            s.steps(),
                            s.failFast(),
                            s.priority(),
                            s.currentIndex(),
                            s.currentJobId(),
                            s.results(),
                            JobStatus.CANCELLED,
                            s.submittedAt(),
                            Optional.of(clock.instant())));
            current = s.currentJobId();
        }
        current.ifPresent(cancelJob::test);
        return true;
    }

    private void trim() {
        long finished =
                byId.values().stream().filter(s -> s.status().terminal()).count();
        Iterator<JobSequence> it = byId.values().iterator();
        while (finished > KEEP_FINISHED && it.hasNext()) {
            if (it.next().status().terminal()) {
                it.remove();
                finished--;
            }
        }
    }
}
