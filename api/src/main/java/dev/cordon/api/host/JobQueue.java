package dev.cordon.api.host;

import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobSequence;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.QueueStats;
import dev.cordon.api.model.SequenceStep;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A durable priority queue of plugin calls with progress, cancellation and events. Higher priority runs first,
 * then submission order. Thread-safe; no method blocks except where stated.
 *
 * <p>Cancelling a running job asks the plugin to stop cooperatively, then stops its worker if it does not stop in
 * time and reloads the instance; a job the plugin stopped cooperatively ends {@code cancelled}.
 *
 * <p>Every call a job makes carries a {@link CallContext} with the job's id, and the run id and actor of the
 * submitted call's context when it has them.
 *
 * <p>Implemented by the runtime only; callers use it, so methods may be added in minor versions.
 */
@ProviderType
public interface JobQueue {

    /**
     * Queues a call in the default lane and returns the pending job.
     *
     * @throws dev.cordon.api.error.PluginNotFoundError when no instance or plugin has this id
     * @throws dev.cordon.api.error.PluginDisabledError when the instance is disabled
     */
    Job submit(String instanceId, Call call, int priority);

    /**
     * Queues a call in a lane (each lane has its own limit of jobs running at once) and returns the pending job.
     *
     * @throws dev.cordon.api.error.PluginInputError when the queue has no such lane
     * @throws dev.cordon.api.error.PluginNotFoundError when no instance or plugin has this id
     * @throws dev.cordon.api.error.PluginDisabledError when the instance is disabled
     */
    Job submit(String instanceId, Call call, int priority, String lane);

    /** Queues steps run one after another; returns the sequence. With {@code failFast}, a failed step stops it. */
    JobSequence submitSequence(List<SequenceStep> steps, boolean failFast, int priority);

    /** Requests cancellation; {@code false} if the job is unknown or already terminal. */
    boolean cancel(String jobId);

    /** Cancels a sequence's current and remaining steps; {@code false} if unknown or terminal. */
    boolean cancelSequence(String sequenceId);

    /** Changes a pending job's priority; {@code false} if it is not pending. */
    boolean reorder(String jobId, int priority);

    /** The job with this id, pending, running or in history. */
    Optional<Job> job(String jobId);

    /** Completes with the job once it is terminal (completed, failed or cancelled). */
    CompletableFuture<Job> completion(String jobId);

    /** Pending jobs in run order. */
    List<Job> pending();

    /** Running jobs. */
    List<Job> running();

    /** Terminal jobs, most recently completed first, at most {@code limit}. */
    List<Job> history(int limit);

    /** Terminal jobs, most recently completed first: {@code offset} skipped, then at most {@code limit}. */
    List<Job> history(int offset, int limit);

    /**
     * Jobs in one state (pending ones in run order, the others in submission order): {@code offset} skipped, then at
     * most {@code limit}.
     */
    List<Job> jobs(JobStatus status, int offset, int limit);

    /** Aggregate counts. */
    QueueStats stats();

    /** The sequence with this id. */
    Optional<JobSequence> sequence(String sequenceId);

    /** The lines of the job's worker log written while it ran, at most {@code lines}. */
    List<String> logs(String jobId, int lines);

    /**
     * Events of one job. Each subscriber has a bounded buffer; when it is full, further events for that subscriber
     * are dropped (and counted) rather than slowing the queue.
     */
    Flow.Publisher<JobEvent> events(String jobId);

    /** Events of every job of a sequence, as {@link #events}. */
    Flow.Publisher<JobEvent> sequenceEvents(String sequenceId);

    /** Events of every job, as {@link #events}. */
    Flow.Publisher<JobEvent> allEvents();

    /**
     * Queues a composition: a DAG of plugin calls whose keyword arguments may reference an upstream node's result
     * ({@code {"$ref": "<node id>", "path": "<JSON pointer>"}}). Each node runs as a job of the queue (its lane and
     * admission apply) as soon as its inputs are ready, so independent branches run in parallel. Durable like jobs.
     *
     * @param nodes the nodes, in any order
     * @param mode what a failed node does to the rest
     * @param priority the priority of nodes whose own is 0
     * @throws dev.cordon.api.error.CompositionInvalidError listing every problem found, each with its path
     */
    Composition submitComposition(List<CompositionNode> nodes, CompositionMode mode, int priority);

    /** The composition with this id, running or finished. */
    Optional<Composition> composition(String compositionId);

    /** Compositions, most recently submitted first: {@code offset} skipped, then at most {@code limit}. */
    List<Composition> compositions(int offset, int limit);

    /** Completes with the composition once every node has ended. */
    CompletableFuture<Composition> compositionCompletion(String compositionId);

    /** Cancels every node that has not ended; {@code false} if unknown or already ended. */
    boolean cancelComposition(String compositionId);

    /**
     * Events of a composition: its nodes' jobs' events and its {@code composition_advanced} events, as
     * {@link #events}.
     */
    Flow.Publisher<JobEvent> compositionEvents(String compositionId);
}
