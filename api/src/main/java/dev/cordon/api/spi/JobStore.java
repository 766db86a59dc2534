package dev.cordon.api.spi;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of jobs, so queued and finished jobs survive a restart. Implementations are thread-safe and
 * every write is durable when the method returns.
 */
public interface JobStore {

    /** Inserts the job or replaces the stored job with the same id. */
    void save(Job job);

    /** The stored job with this id. */
    Optional<Job> find(String jobId);

    /** Jobs in this state; pending jobs in run order (priority descending, then submission time). */
    List<Job> withStatus(JobStatus status);

    /** Terminal jobs, most recently completed first, at most {@code limit}. */
    List<Job> history(int limit);

    /** Deletes all but the {@code keep} most recent terminal jobs; returns how many were deleted. */
    int pruneHistory(int keep);
}
