package dev.cordon.runtime.internal.jobs.compose;

import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import java.util.Map;
import java.util.Optional;

/** What compositions need of the job queue: to queue, cancel and find their nodes' jobs, and to publish events. */
public interface NodeJobs {

    /**
     * Queues a node's job under {@code jobId}, tagged with the composition ({@code sequence_id}) and the node's index
     * ({@code sequence_index}), in the node's lane, with {@code priority}.
     */
    Job submit(
            String jobId,
            String compositionId,
            int index,
            CompositionNode node,
            Map<String, Object> kwargs,
            int priority);

    /** Requests cancellation of a job; {@code false} when it is unknown or has ended. */
    boolean cancel(String jobId);

    /** The stored job with this id. */
    Optional<Job> find(String jobId);

    /** Throws the typed error of an instance id no job may be queued for. */
    void checkInstance(String instanceId);

    /** Whether the queue has this lane. */
    boolean laneExists(String lane);

    /** Publishes an event to the queue's subscribers; never blocks. */
    void publish(JobEvent event);
}
