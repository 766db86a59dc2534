package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.JobEvent;
import java.util.concurrent.Flow;

/** Where the queue publishes its events and where subscribers get them, routed per job, per sequence or all. */
interface JobEvents extends AutoCloseable {

    /** Publishes an event; never blocks and never throws. */
    void publish(JobEvent event);

    Flow.Publisher<JobEvent> ofJob(String jobId);

    Flow.Publisher<JobEvent> ofSequence(String sequenceId);

    Flow.Publisher<JobEvent> all();

    /** Publishes an event another host published; subscribers of {@link #local} do not get it. */
    void publishRelayed(JobEvent event);

    /** Every event published on this host, none relayed from another. */
    Flow.Publisher<JobEvent> local();

    /** Events lost by subscribers whose buffer was full, in total. */
    long droppedEvents();

    @Override
    void close();
}
