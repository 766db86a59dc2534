package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.spi.JobStore;
import dev.cordon.runtime.internal.jobs.compose.NodeJobs;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The queue as compositions use it: a node's job is a job like any other, tagged with its composition and index. */
final class CompositionJobs implements NodeJobs {

    private final JobStore store;
    private final Consumer<String> checkSubmit;
    private final Runnable wake;
    private final Predicate<String> cancel;
    private final Consumer<JobEvent> events;
    private final Supplier<QueueSettings> settings;
    private final Clock clock;

    CompositionJobs(
            JobStore store,
            Consumer<String> checkSubmit,
            Runnable wake,
            Predicate<String> cancel,
            Consumer<JobEvent> events,
            Supplier<QueueSettings> settings,
            Clock clock) {
        this.store = store;
        this.checkSubmit = checkSubmit;
        this.wake = wake;
        this.cancel = cancel;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Job submit(
            String jobId,
            String compositionId,
            int index,
            CompositionNode node,
            Map<String, Object> kwargs,
            int priority) {
        Job pending = Job.pending(jobId, node.pluginInstanceId(), node.args(), kwargs, priority, clock.instant());
        Job job = JobDraft.step(pending, compositionId, index);
        Job inLane = new Job(
                job.id(),
                job.pluginInstanceId(),
                job.args(),
                job.kwargs(),
                job.status(),
                job.priority(),
                job.submittedAt(),
                null,
                null,
                0.0,
                "",
                null,
                null,
                job.sequenceId(),
                job.sequenceIndex(),
                null,
                null,
                null,
                0,
                null,
                node.lane(),
                Optional.empty(),
                Optional.empty());
        store.insert(inLane);
        wake.run();
        return inLane;
    }

    @Override
    public boolean cancel(String jobId) {
        return cancel.test(jobId);
    }

    @Override
    public Optional<Job> find(String jobId) {
        return store.find(jobId);
    }

    @Override
    public void checkInstance(String instanceId) {
        checkSubmit.accept(instanceId);
    }

    @Override
    public boolean laneExists(String lane) {
        return settings.get().lanes().containsKey(lane);
    }

    @Override
    public void publish(JobEvent event) {
        events.accept(event);
    }
}
