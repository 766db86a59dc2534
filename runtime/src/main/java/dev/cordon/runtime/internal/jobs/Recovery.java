package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.error.JobError;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Jobs whose host stopped while they ran: this host's own from its previous life (at start), and, while it runs,
 * any whose lease expired. Each is taken over in the store and then, by the restart rule: put back in the queue once,
 * as {@code pending} with its retry count raised and a transient "host restarted" error, when its plugin allows
 * retries and it was not put back for this reason before; otherwise it ends {@code failed} with that error.
 */
final class Recovery {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Recovery.class);

    /** How the error of an interrupted job begins; a job whose error begins so was put back before. */
    static final String HOST_RESTARTED = "Host restarted";

    private final JobStore store;
    private final JobTarget target;
    private final JobRunner runner;
    private final Consumer<JobEvent> events;
    private final Supplier<QueueSettings> settings;

    Recovery(
            JobStore store,
            JobTarget target,
            JobRunner runner,
            Consumer<JobEvent> events,
            Supplier<QueueSettings> settings) {
        this.store = store;
        this.target = target;
        this.runner = runner;
        this.events = events;
        this.settings = settings;
    }

    /** At start: the jobs this owner ran in its previous life, and every expired one. Returns how many. */
    int atStart() {
        Instant now = runner.now();
        List<JobStore.ClaimedJob> taken = new ArrayList<>(store.takeOverFrom(
                runner.owner(), runner.owner(), now, settings.get().lease()));
        taken.addAll(store.takeOverExpired(runner.owner(), now, settings.get().lease()));
        taken.forEach(this::interrupted);
        if (!taken.isEmpty()) {
            LOG.info("Recovered {} job(s) that were running when their host stopped", taken.size());
        }
        return taken.size();
    }

    /** While running: jobs of other owners whose lease expired. */
    void expired() {
        store.takeOverExpired(runner.owner(), runner.now(), settings.get().lease())
                .forEach(this::interrupted);
    }

    private void interrupted(JobStore.ClaimedJob c) {
        Job job = c.job();
        Instant now = runner.now();
        boolean putBackBefore =
                job.error().map(e -> e.message().startsWith(HOST_RESTARTED)).orElse(false);
        boolean retry = !putBackBefore && job.cancelRequestedAt().isEmpty() && target.retrySafe(job.pluginInstanceId());
        String message = HOST_RESTARTED + " while job " + job.id() + " ran on instance '" + job.pluginInstanceId()
                + "' (owner " + c.claim().owner() + ")"
                + (retry ? "; it runs again once" : putBackBefore ? "; it was run again once already" : "");
        JobError error = JobRunner.transientError(job, message, retry, now);
        if (retry) {
            Job pending = JobRunner.toRunAgain(job, error);
            if (store.requeue(c.claim(), pending)) {
                runner.requeued(pending, now);
            }
            return;
        }
        Job failed = JobDraft.of(job)
                .status(JobStatus.FAILED)
                .completedAt(now)
                .error(Optional.of(error))
                .build();
        if (store.finish(c.claim(), failed)) {
            events.accept(JobEvent.stateTransition(failed, JobStatus.RUNNING, JobStatus.FAILED, now));
            runner.ended(failed);
        }
    }
}
