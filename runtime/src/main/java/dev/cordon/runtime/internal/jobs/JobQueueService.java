package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallRetry;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobSequence;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.QueueStats;
import dev.cordon.api.model.SequenceStep;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.spi.ClusterRegistry;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.runtime.internal.jobs.compose.Compositions;
import dev.cordon.runtime.internal.jobs.compose.SequenceView;
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
 * cancellations), waiters, and running compositions (sequences are compositions too). Started with {@link #start}, which first recovers the jobs this host ran
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
    private final Compositions compositions;
    private volatile AutoCloseable retries = () -> {};
    private volatile ClusterMember cluster;
    private volatile EventRelay relay;

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
        this.completions = new Completions(store, running);
        this.runner = new JobRunner(
                store,
                target,
                this::publish,
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
                runner, store, target, running, this::publish, settings::get, threads.timer(), threads.work());
        this.recovery = new Recovery(store, target, runner, this::publish, settings::get);
        this.poller = new RunningJobPoller(store, target, runner, running, recovery, completions, settings::get);
        this.compositions = new Compositions(
                store,
                new CompositionJobs(
                        store, this::checkSubmit, dispatcher::wake, this::cancel, this::publish, settings::get, clock),
                clock);
        runner.onSlotFreed(dispatcher::dispatchHere);
        runner.onHandover(dispatcher::finishWithNext);
        runner.onTerminal(compositions::nodeEnded);
    }

    /**
     * Makes this host one of several sharing the store through {@code registry}: it claims only the jobs of the
     * plugins {@code local} can run, passes cancel requests to the host running the job, and beats its heartbeat
     * from {@link #start}. Called before {@link #start}.
     */
    ClusterMember joinCluster(ClusterRegistry registry, JobTarget local) {
        ClusterMember member = new ClusterMember(
                registry, local, running, recovery, cancellation, poller::renewLeases, settings::get, threads.work());
        dispatcher.runOnly(member::runsHere);
        cancellation.onRunningElsewhere(member::cancelElsewhere);
        this.cluster = member;
        this.relay = new EventRelay(registry, settings.get().hostId(), this::relayed);
        return member;
    }

    /** Publishes an event of this host's, and sends it to the other hosts when it is one of several. */
    private void publish(JobEvent event) {
        events.publish(event);
        EventRelay r = relay;
        if (r != null) {
            r.offer(event);
        }
    }

    /**
     * An event another host published: its subscribers here get it, and its end completes what waits here for the
     * job, read back from the store as the other host wrote it.
     */
    private void relayed(JobEvent event) {
        events.publishRelayed(event);
        if (event.type() == JobEventType.STATE_TRANSITION
                && event.payload().get("to") instanceof String to
                && JobStatus.fromWire(to).terminal()) {
            store.find(event.jobId()).filter(j -> j.status().terminal()).ifPresent(completions::ended);
        }
    }

    /** Every event published on this host, none relayed from another: what this host's journal records. */
    public Flow.Publisher<JobEvent> localEvents() {
        return events.local();
    }

    /** Events of this host's that never reached the other hosts, in total; 0 on a single host. */
    long relayDropped() {
        EventRelay r = relay;
        return r == null ? 0 : r.dropped();
    }

    /** Recovers this host's interrupted jobs, then starts dispatching and polling. */
    JobQueueService start() {
        retries = target.onRetry(this::retrying);
        if (cluster != null) {
            cluster.start();
            relay.start();
        }
        recovery.atStart();
        compositions.recover();
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
        checkSubmit(instanceId);
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
        dispatcher.submit(job);
        return job;
    }

    /** Whether this host, or in a cluster any live host, can run jobs of the instance. */
    private void checkSubmit(String instanceId) {
        try {
            target.checkSubmit(instanceId);
        } catch (PluginNotFoundError | PluginDisabledError e) {
            if (cluster == null || !cluster.runsElsewhere(instanceId)) {
                throw e;
            }
        }
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
        if (steps.isEmpty()) {
            throw new PluginInputError("A sequence needs at least one step", List.of("steps"), null);
        }
        return SequenceView.of(compositions.submit(
                SequenceView.nodes(steps),
                failFast ? CompositionMode.FAIL_FAST : CompositionMode.BEST_EFFORT,
                priority,
                true));
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
        return compositions.get(sequenceId).filter(Composition::sequence).isPresent()
                && compositions.cancel(sequenceId);
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
        return completions.of(jobId, () -> unknown(jobId));
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
        return compositions.get(sequenceId).filter(Composition::sequence).map(SequenceView::of);
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

    @Override
    public Composition submitComposition(List<CompositionNode> nodes, CompositionMode mode, int priority) {
        return compositions.submit(nodes, mode, priority, false);
    }

    @Override
    public Optional<Composition> composition(String compositionId) {
        return compositions.get(compositionId);
    }

    @Override
    public List<Composition> compositions(int offset, int limit) {
        return store.compositions(offset, limit);
    }

    @Override
    public CompletableFuture<Composition> compositionCompletion(String compositionId) {
        return compositions.completion(compositionId);
    }

    @Override
    public boolean cancelComposition(String compositionId) {
        return compositions.cancel(compositionId);
    }

    @Override
    public Flow.Publisher<JobEvent> compositionEvents(String compositionId) {
        return events.ofSequence(compositionId);
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
        if (cluster != null) {
            cluster.close();
        }
        if (relay != null) {
            relay.close();
        }
        try {
            retries.close();
        } catch (Exception e) {
            LOG.debug("Closing the retry registration failed: {}", e.toString());
        }
        completions.close(new PluginTransientError("The job queue stopped before the job ended; it runs again "
                + "when the host starts (see the restart rule in docs/operations.md)"));
        compositions.close(new PluginTransientError(
                "The job queue stopped before the composition ended; it goes on " + "when the host starts"));
        threads.close();
        events.close();
    }

    Instant now() {
        return clock.instant();
    }
}
