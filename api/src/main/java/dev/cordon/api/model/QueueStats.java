package dev.cordon.api.model;

/**
 * Aggregate counts of a job queue; wire keys {@code total_pending, total_completed, total_failed, total_cancelled},
 * and Cordon's own {@code total_running, dropped_events}.
 *
 * @param totalPending jobs waiting
 * @param totalCompleted jobs finished with a result
 * @param totalFailed jobs finished with an error
 * @param totalCancelled jobs cancelled
 * @param totalRunning jobs running now
 * @param droppedEvents events that subscribers too slow to keep up lost, since the queue started
 */
public record QueueStats(
        int totalPending,
        int totalCompleted,
        int totalFailed,
        int totalCancelled,
        int totalRunning,
        long droppedEvents) {

    /** The original's four counts; nothing running, nothing dropped. */
    public QueueStats(int totalPending, int totalCompleted, int totalFailed, int totalCancelled) {
        this(totalPending, totalCompleted, totalFailed, totalCancelled, 0, 0);
    }
}
