package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.spi.JobClaim;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A job this host runs: its latest state, its claim in the store, and how far its call and its cancellation have
 * gone. The call's end and the cancellation race; both go through this object's lock, so exactly one of them
 * finishes the job.
 */
final class RunningJob {

    /** How the call ended: a result, or the failure. */
    record Outcome(Object result, Throwable failure) {}

    private Job job;
    private JobClaim claim;
    private CancelPhase phase;
    private Outcome outcome;
    private boolean finished;
    private String stoppedFor;
    private final CompletableFuture<Outcome> ended = new CompletableFuture<>();

    RunningJob(Job job, JobClaim claim) {
        this.job = job;
        this.claim = claim;
    }

    String id() {
        return job.id();
    }

    synchronized Job job() {
        return job;
    }

    synchronized JobClaim claim() {
        return claim;
    }

    /**
     * Changes the job and writes the change under its claim, both under this object's lock so that two changes are
     * written in the order they were made; returns the changed job. A change after the job finished is not written.
     */
    synchronized Job change(java.util.function.UnaryOperator<Job> edit, dev.cordon.api.spi.JobStore store) {
        Job next = edit.apply(job);
        if (!finished) {
            this.job = next;
            store.update(claim, next);
        }
        return next;
    }

    synchronized void renewed(JobClaim renewed) {
        this.claim = renewed;
    }

    /** The cancel phase, or empty while nobody asked to cancel. */
    synchronized Optional<CancelPhase> phase() {
        return Optional.ofNullable(phase);
    }

    /** Completes when the call ends, however it ends. */
    CompletableFuture<Outcome> ended() {
        return ended;
    }

    /**
     * The call ended; returns the cancel phase at that moment (empty when nobody cancelled), which tells who
     * finishes the job: the call's end unless a forced cancellation is under way.
     */
    synchronized Optional<CancelPhase> callEnded(Outcome o) {
        this.outcome = o;
        ended.complete(o);
        return Optional.ofNullable(phase);
    }

    /** Starts a cooperative cancel; {@code false} when a cancel was asked before or the call has ended. */
    synchronized boolean startCancel() {
        if (phase != null || outcome != null || finished) {
            return false;
        }
        phase = CancelPhase.COOPERATIVE;
        return true;
    }

    /** Moves a cooperative cancel on to {@code next}; {@code false} when the call ended first. */
    synchronized boolean escalate(CancelPhase next) {
        if (outcome != null && next == CancelPhase.FORCE || finished) {
            return false;
        }
        phase = next;
        return true;
    }

    /**
     * Its worker is being stopped by force to cancel job {@code otherJobId}, while this job's call runs on it; an
     * error its call ends with then is not its plugin's doing.
     */
    synchronized void stoppedFor(String otherJobId) {
        if (phase == null && outcome == null) {
            stoppedFor = otherJobId;
        }
    }

    /** The job whose forced cancel stopped this job's worker under its call, if one did. */
    synchronized Optional<String> stoppedFor() {
        return Optional.ofNullable(stoppedFor);
    }

    /** Whether the job holds its lane: no longer once a forced cancel stops its worker and reloads its instance. */
    synchronized boolean holdsSlot() {
        return phase == null || phase == CancelPhase.COOPERATIVE;
    }

    /** Claims the right to finish the job; only the first caller gets {@code true}. */
    synchronized boolean markFinished() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }
}
