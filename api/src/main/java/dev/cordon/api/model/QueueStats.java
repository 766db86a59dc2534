package dev.cordon.api.model;

/**
 * Aggregate counts of a job queue; wire keys {@code total_pending, total_completed, total_failed, total_cancelled}.
 *
 * @param totalPending jobs waiting
 * @param totalCompleted jobs finished with a result
 * @param totalFailed jobs finished with an error
 * @param totalCancelled jobs cancelled
 */
public record QueueStats(int totalPending, int totalCompleted, int totalFailed, int totalCancelled) {}
