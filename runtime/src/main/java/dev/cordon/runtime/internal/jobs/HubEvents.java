package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.JobEvent;
import dev.cordon.runtime.internal.jobs.events.JobEventFilter;
import dev.cordon.runtime.internal.jobs.events.JobEventHub;
import java.util.concurrent.Flow;

/** The queue's events on the runtime's {@link JobEventHub}. */
final class HubEvents implements JobEvents {

    private final JobEventHub hub;

    HubEvents(JobEventHub hub) {
        this.hub = hub;
    }

    static HubEvents create() {
        return new HubEvents(new JobEventHub(JobEventHub.DEFAULT_BUFFER));
    }

    @Override
    public void publish(JobEvent event) {
        hub.publish(event);
    }

    @Override
    public Flow.Publisher<JobEvent> ofJob(String jobId) {
        return hub.subscribe(JobEventFilter.job(jobId));
    }

    @Override
    public Flow.Publisher<JobEvent> ofSequence(String sequenceId) {
        return hub.subscribe(JobEventFilter.sequence(sequenceId));
    }

    @Override
    public Flow.Publisher<JobEvent> all() {
        return hub.subscribe(JobEventFilter.all());
    }

    @Override
    public void publishRelayed(JobEvent event) {
        hub.publishRelayed(event);
    }

    @Override
    public Flow.Publisher<JobEvent> local() {
        return hub.subscribe(JobEventFilter.local());
    }

    @Override
    public long droppedEvents() {
        return hub.droppedEvents();
    }

    @Override
    public void close() {
        hub.close();
    }
}
