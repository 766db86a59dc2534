package dev.cordon.store.internal;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import java.time.Instant;
import java.util.Optional;

/** Job transitions the stores make themselves. */
public final class Jobs {

    private Jobs() {}

    /** {@code job} running since {@code now}, as a store's claimNext leaves it. */
    public static Job started(Job job, Instant now) {
        return new Job(
                job.id(),
                job.pluginInstanceId(),
                job.args(),
                job.kwargs(),
                JobStatus.RUNNING,
                job.priority(),
                job.submittedAt(),
                Optional.of(now),
                job.completedAt(),
                job.progress(),
                job.statusMessage(),
                job.result(),
                job.error(),
                job.sequenceId(),
                job.sequenceIndex(),
                job.cancelRequestedAt(),
                job.cancelPhase(),
                Optional.empty(),
                job.retryCount(),
                job.lastResourceSnapshot(),
                job.lane(),
                job.runId(),
                job.actor());
    }

    /**
     * Checks the state a store operation needs.
     *
     * @throws IllegalArgumentException naming the job, its state and the operation
     */
    public static void requireStatus(Job job, JobStatus status, String operation) {
        if (job.status() != status) {
            throw new IllegalArgumentException(operation + " needs a " + status.wire() + " job; " + job.id() + " is "
                    + job.status().wire());
        }
    }

    /**
     * Refuses an {@code insertAndClaim} whose two states are not a pending job and that same job's running state.
     *
     * @throws IllegalArgumentException naming both
     */
    public static void requirePendingAndItsStart(Job pending, Job running) {
        requireStatus(pending, JobStatus.PENDING, "insertAndClaim");
        if (!pending.id().equals(running.id())) {
            throw new IllegalArgumentException(
                    "insertAndClaim needs one job's two states; got " + pending.id() + " and " + running.id());
        }
    }
}
