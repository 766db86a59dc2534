package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallRetry;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobSequence;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.QueueStats;
import dev.cordon.api.model.SequenceStep;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.store.EmpiricalResourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The job queue: every job and every change of it goes through the {@link JobStore}, which is the only record of
 * pending and finished jobs; this host keeps in memory only what it needs to run its own jobs (their calls, claims and
 * cancellations), waiters, and sequences. Started with {@link #start}, which first recovers the jobs this host ran
 * when it stopped.
 */
public final class JobQueueService implements JobQueue, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobQueueService.class);

    /** The most jobs one listing returns. */
    static final int LISTING_MAX = 100_000;

    private final JobStore store;
    private final JobTarget target;
    private final JobEvents events;
    private final AtomicReference<QueueSettings> settings;
    private final Clock clock;
    private final QueueThreads threads;
    private final RunningJobs running = new RunningJobs();
    private final Completions completions;
    private final JobRunner runner;
    private final Dispatcher dispatcher;
    private final Cancellation cancellation;
    private final Recovery recovery;
    private final RunningJobPoller poller;
    private final Sequences sequences;
    private volatile AutoCloseable retries = () -> {};

    JobQueueService(
            JobStore store,
            JobTarget target,
            JobEvents events,
            QueueSettings initial,
            Supplier<ResourceScheduler> scheduler,
            Supplier<EmpiricalResourceStore> measured,
            Clock clock,
            QueueThreads threads) {
        this.store = store;
        this.target = target;
        this.events = events;
        this.settings = new AtomicReference<>(initial);
        this.clock = clock;
        this.threads = threads;
        this.completions = new Completions(store);
        this.runner = new JobRunner(
                store,
                target,
                events::publish,
                settings::get,
                clock,
                initial.hostId(),
                running,
                completions,
                threads.finisher());
        this.dispatcher = new Dispatcher(
                store,
                runner,
                new QueueAdmission(target, scheduler, measured),
                running,
                settings::get,
                threads.admit());
        this.cancellation = new Cancellation(
                runner, store, target, running, events::publish, settings::get, threads.timer(), threads.work());
        this.recovery = new Recovery(store, target, runner, events::publish, settings::get);
        this.poller = new RunningJobPoller(store, target, runner, running, recovery, completions, settings::get);
        this.sequences = new Sequences(this::submitStep, this::cancel, runner, clock);
        runner.onSlotFreed(dispatcher::wake);
        runner.onTerminal(sequences::stepEnded);
    }

    /** Recovers this host's interrupted jobs, then starts dispatching and polling. */
    JobQueueService start() {
        retries = target.onRetry(this::retrying);
        recovery.atStart();
        dispatcher.start();
        long every = settings.get().progressPoll().toMillis();
        threads.poller().scheduleWithFixedDelay(poller::tick, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Applies new settings to the running queue; running jobs keep running. */
    void update(QueueSettings next) {
        if (!next.hostId().equals(settings.get().hostId())) {
            LOG.warn(
                    "host_id changed from {} to {}; it takes effect when the queue restarts",
                    settings.get().hostId(),
                    next.hostId());
        }
        settings.set(next);
        dispatcher.wake();
    }

    QueueSettings settings() {
        return settings.get();
    }

    @Override
    public Job submit(String instanceId, Call call, int priority) {
        return submit(instanceId, call, priority, Job.DEFAULT_LANE);
    }

    @Override
    public Job submit(String instanceId, Call call, int priority, String lane) {
        checkLane(lane);
        target.checkSubmit(instanceId);
        Job job = new Job(
                UUID.randomUUID().toString(),
                instanceId,
                call.args(),
                call.kwargs(),
                JobStatus.PENDING,
                priority,
                clock.instant(),
                null,
                null,
                0.0,
                "",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                lane,
                call.context().runId(),
                call.context().actor());
        store.insert(job);
        dispatcher.wake();
        return job;
    }

    private Job submitStep(SequenceStep step, String sequenceId, int index, int sequencePriority) {
        int priority = step.priority() != 0 ? step.priority() : sequencePriority;
        Job pending = Job.pending(
                UUID.randomUUID().toString(),
                step.pluginInstanceId(),
                step.args(),
                step.kwargs(),
                priority,
                clock.instant());
        Job job = JobDraft.step(pending, sequenceId, index);
        store.insert(job);
        dispatcher.wake();
        return job;
    }

    private void checkLane(String lane) {
        if (!settings.get().lanes().containsKey(lane)) {
            throw new PluginInputError(
                    "The queue has no lane '" + lane + "'; its lanes are "
                            + settings.get().lanes().keySet() + " (lanes= in etc/" + JobQueueConfiguration.PID
                            + ".cfg)",
                    List.of("lane"),
                    null);
        }
    }

    @Override
    public JobSequence submitSequence(List<SequenceStep> steps, boolean failFast, int priority) {
        steps.forEach(s -> target.checkSubmit(s.pluginInstanceId()));
        return sequences.submit(steps, failFast, priority);
    }

    @Override
    public boolean cancel(String jobId) {
        boolean cancelled = cancellation.cancel(jobId);
        if (cancelled) {
            dispatcher.withdraw(jobId);
        }
        return cancelled;
    }

    @Override
    public boolean cancelSequence(String sequenceId) {
        return sequences.cancel(sequenceId);
    }

    @Override
    public boolean reorder(String jobId, int priority) {
        Optional<Job> job = store.find(jobId);
        if (job.isEmpty() || job.get().status() != JobStatus.PENDING) {
            return false;
        }
        boolean changed =
                store.updatePending(JobDraft.of(job.get()).priority(priority).build());
        dispatcher.wake();
        return changed;
    }

    @Override
    public Optional<Job> job(String jobId) {
        return store.find(jobId);
    }

    @Override
    public CompletableFuture<Job> completion(String jobId) {
        Optional<Job> job = store.find(jobId);
        if (job.isEmpty()) {
            return CompletableFuture.failedFuture(unknown(jobId));
        }
        return job.get().status().terminal() ? CompletableFuture.completedFuture(job.get()) : completions.of(jobId);
    }

    static PluginInputError unknown(String jobId) {
        return new PluginInputError(
                "No job has the id '" + jobId + "'; cordon:jobs lists the queue's jobs", List.of("job_id"), null);
    }

    @Override
    public List<Job> pending() {
        return store.withStatus(JobStatus.PENDING, 0, LISTING_MAX);
    }

    @Override
    public List<Job> running() {
        return store.withStatus(JobStatus.RUNNING, 0, LISTING_MAX);
    }

    @Override
    public List<Job> history(int limit) {
        return store.history(0, limit);
    }

    @Override
    public List<Job> history(int offset, int limit) {
        return store.history(offset, limit);
    }

    @Override
    public List<Job> jobs(JobStatus status, int offset, int limit) {
        return store.withStatus(status, offset, limit);
    }

    @Override
    public QueueStats stats() {
        Map<JobStatus, Long> counts = store.counts();
        return new QueueStats(
                count(counts, JobStatus.PENDING),
                count(counts, JobStatus.COMPLETED),
                count(counts, JobStatus.FAILED),
                count(counts, JobStatus.CANCELLED),
                count(counts, JobStatus.RUNNING),
                events.droppedEvents());
    }

    private static int count(Map<JobStatus, Long> counts, JobStatus status) {
        return Math.toIntExact(counts.getOrDefault(status, 0L));
    }

    @Override
    public Optional<JobSequence> sequence(String sequenceId) {
        return sequences.get(sequenceId);
    }

    @Override
    public List<String> logs(String jobId, int lines) {
        Job job = store.find(jobId).orElseThrow(() -> unknown(jobId));
        return target.jobLines(job.pluginInstanceId(), jobId, lines);
    }

    @Override
    public Flow.Publisher<JobEvent> events(String jobId) {
        return events.ofJob(jobId);
    }

    @Override
    public Flow.Publisher<JobEvent> sequenceEvents(String sequenceId) {
        return events.ofSequence(sequenceId);
    }

    @Override
    public Flow.Publisher<JobEvent> allEvents() {
        return events.all();
    }

    /** The manager runs a job's call again after a resource failure: the job counts it and says so. */
    private void retrying(CallRetry retry) {
        for (RunningJob r : running.onInstanceJobs(retry.instanceId())) {
            Job changed =
                    r.change(j -> JobDraft.of(j).retryCount(j.retryCount() + 1).build(), store);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("attempt", retry.attempt());
            payload.put("exception_repr", retry.reason());
            payload.put("exception_category", "resource");
            runner.publish(changed, JobEventType.RETRY_STARTED, payload);
        }
    }

    /**
     * Stops dispatching and polling. Jobs still running are left as the store has them: the next start of this host
     * (or another host, once their leases expire) treats them by the restart rule.
     */
    @Override
    public void close() {
        runner.closing();
        dispatcher.close();
        try {
            retries.close();
        } catch (Exception e) {
            LOG.debug("Closing the retry registration failed: {}", e.toString());
        }
        completions.close(new PluginTransientError("The job queue stopped before the job ended; it runs again "
                + "when the host starts (see the restart rule in docs/operations.md)"));
        threads.close();
        events.close();
    }

    Instant now() {
        return clock.instant();
    }
}
