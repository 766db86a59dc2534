package dev.cordon.runtime.internal.jobs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the job queue (PID {@value #PID}, file {@code etc/dev.cordon.jobs.cfg}); a change applies to the
 * running queue at once, without stopping running jobs.
 */
@ObjectClassDefinition(
        name = "Cordon job queue",
        description = "How many jobs run at once, in which lanes, and how the queue watches and cancels them.")
public @interface JobQueueConfiguration {

    /** The configuration PID of the queue. */
    String PID = "dev.cordon.jobs";

    /** Jobs running at once over all lanes and instances. Default 1, as the original: one job at a time. */
    @AttributeDefinition(name = "Running jobs at most", min = "1")
    int max_running() default 1;

    /**
     * The lanes, {@code name=limit} separated by commas, for example {@code default=1,gpu=1,cpu=4}: a job submitted
     * to a lane waits while that many jobs of the lane run. The lane {@code default} always exists; its limit is
     * {@code max_running} unless given here.
     */
    @AttributeDefinition(name = "Lanes", required = false)
    String lanes() default "";

    /** How many finished jobs the history keeps; older ones are deleted. Default 10000. */
    @AttributeDefinition(name = "History size", min = "1")
    int history_limit() default 10_000;

    /** How often the queue looks again at jobs that wait for resources, in ms. Default 250. */
    @AttributeDefinition(name = "Dispatch poll (ms)", min = "10")
    long dispatch_poll_ms() default 250;

    /** How often the progress of running jobs is read from their workers, in ms. Default 500. */
    @AttributeDefinition(name = "Progress poll (ms)", min = "50")
    long progress_poll_ms() default 500;

    /** A resource snapshot of a running job's worker is taken every this many progress polls. Default 10. */
    @AttributeDefinition(name = "Snapshot every N polls", min = "1")
    int snapshot_every_polls() default 10;

    /**
     * How long a running job gets to stop after a cooperative cancel before its worker is stopped and reloaded, in
     * ms. Default 5000.
     */
    @AttributeDefinition(name = "Cancel timeout (ms)", min = "0")
    long cancel_timeout_ms() default 5000;

    /**
     * The lease on a running job in the store, in seconds, renewed while it runs; a host that dies holding it loses
     * the job to whoever takes it over after it expires. Default 10.
     */
    @AttributeDefinition(name = "Lease (s)", min = "2")
    long lease_seconds() default 10;

    /**
     * This host's id as owner of its jobs' leases. It should stay the same across restarts, so that a restarted host
     * recovers the jobs it ran at once rather than when their leases expire; several hosts sharing one store need
     * distinct ids. Default {@code local}; in cluster mode, left at {@code local}, it is the host name and process id.
     */
    @AttributeDefinition(name = "Host id")
    String host_id() default "local";

    /**
     * Cluster mode: this host shares its job queue with other hosts through the job store, which must then be one
     * that hosts can share (PostgreSQL, {@code etc/dev.cordon.store.postgres.cfg}); with any other store the queue
     * refuses to run rather than keep jobs on this host alone. Default false. Read when the queue starts.
     */
    @AttributeDefinition(name = "Cluster mode")
    boolean cluster() default false;
}
