package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobSequence;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.QueueStats;
import dev.cordon.api.model.SequenceStep;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.spi.ClusterHost;
import dev.cordon.api.spi.ClusterLease;
import dev.cordon.api.spi.ClusterRegistry;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.StoreException;
import dev.cordon.runtime.internal.deploy.ConfigurationKeys;
import dev.cordon.runtime.internal.manager.PluginOperations;
import dev.cordon.runtime.internal.scheduling.ActiveScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The job queue in the framework: a {@link JobQueueService} over the highest-ranked {@link JobStore}, the plugin
 * manager, the active scheduling policy and the measured resource use, registered as {@link JobQueue}. Its
 * configuration ({@value JobQueueConfiguration#PID}) applies live; activation recovers this host's interrupted jobs.
 * In cluster mode it joins the hosts sharing the store, and refuses to run on a store they cannot share.
 */
@Component(service = JobQueue.class, immediate = true, configurationPid = JobQueueConfiguration.PID)
@Designate(ocd = JobQueueConfiguration.class)
public final class JobQueueComponent implements JobQueue, ClusterView {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobQueueComponent.class);

    /** How long a refused cluster host waits for a shared store before it reports the refusal. */
    private static final long REFUSAL_GRACE_S = 10;

    private final JobQueueService queue;
    private final ServiceTracker<EmpiricalResourceStore, EmpiricalResourceStore> measured;
    private static final long STARTING_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final ServiceTracker<SystemMonitor, SystemMonitor> monitor;
    private final ServiceTracker<WorkerLauncher, WorkerLauncher> launcher;
    private final QueueThreads threads;
    private final boolean clusterMode;
    private final Optional<String> refusal;
    private final ClusterMember member;

    /**
     * Builds the queue; nothing runs until {@link #start}. The measured resource use and the system monitor (which
     * reads a worker's GPU for its resource snapshots) are tracked rather than referenced: both are optional, and
     * must be there (when registered) before the first dispatch, which a dynamic reference injected after
     * construction would not be; the tracker hands out the highest-ranked monitor, as the policies bind it. The
     * worker launcher is tracked too: jobs wait while none is bound (the launcher bundle may start after this one)
     * instead of failing in the manager.
     */
    @Activate
    public JobQueueComponent(
            BundleContext context,
            @Reference PluginOperations manager,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) JobStore store,
            @Reference ActiveScheduler scheduler,
            JobQueueConfiguration configuration,
            Map<String, Object> properties) {
        warnOfUnknownKeys(properties);
        this.threads = new QueueThreads();
        this.measured = new ServiceTracker<>(context, EmpiricalResourceStore.class, null);
        this.monitor = new ServiceTracker<>(context, SystemMonitor.class, null);
        this.launcher = new ServiceTracker<>(context, WorkerLauncher.class, null);
        ManagerTarget target = new ManagerTarget(
                manager, threads.calls(), monitor::getService, launcher::getService, starting(System.nanoTime()));
        this.queue = new JobQueueService(
                store,
                target,
                HubEvents.create(),
                QueueSettings.from(configuration),
                scheduler::current,
                measured::getService,
                Clock.systemUTC(),
                threads);
        this.clusterMode = configuration.cluster();
        Optional<ClusterRegistry> registry = clusterMode ? store.cluster() : Optional.empty();
        this.refusal = clusterMode && registry.isEmpty() ? Optional.of(refusal(store)) : Optional.empty();
        this.member = registry.map(r -> queue.joinCluster(r, target)).orElse(null);
    }

    private static String refusal(JobStore store) {
        return "Cluster mode is on (cluster=true in etc/" + JobQueueConfiguration.PID + ".cfg) but the job store is "
                + store.getClass().getSimpleName()
                + ", which no other host can share, so this host's job queue does not run. Configure"
                + " PostgreSQL in etc/dev.cordon.store.postgres.cfg (if it is configured, its connection failed: the"
                + " log says why), or set cluster=false to run this host alone.";
    }

    /**
     * Recovers this host's interrupted jobs and starts the queue's threads: here, once SCR has finished constructing
     * the component, so that a construction SCR abandons (a reference leaving meanwhile) leaves nothing running.
     */
    @Activate
    void start() {
        measured.open();
        monitor.open();
        launcher.open();
        if (refusal.isPresent()) {
            // The queue binds whichever store comes first; a shared store coming up moments later replaces this
            // component, which is then never reported.
            threads.timer().schedule(() -> LOG.error(refusal.get()), REFUSAL_GRACE_S, TimeUnit.SECONDS);
            return;
        }
        try {
            queue.start();
        } catch (RuntimeException e) {
            deactivate();
            throw e;
        }
    }

    /** A misspelt key (or {@code max_running} for {@code max.running}) would otherwise change nothing, silently. */
    /**
     * Whether the runtime is still starting: the launcher's bundle is installed and started after this one, so for the
     * first seconds a missing launcher is one that is not there yet (the manager waits as long for one).
     */
    private static BooleanSupplier starting(long activatedAt) {
        return () -> System.nanoTime() - activatedAt < STARTING_NANOS;
    }

    private static void warnOfUnknownKeys(Map<String, Object> properties) {
        for (String problem : ConfigurationKeys.problems(JobQueueConfiguration.class, properties)) {
            LOG.warn("etc/{}.cfg: {}", JobQueueConfiguration.PID, problem);
        }
    }

    @Modified
    void modified(JobQueueConfiguration configuration, Map<String, Object> properties) {
        warnOfUnknownKeys(properties);
        if (configuration.cluster() != clusterMode) {
            LOG.warn("cluster={} takes effect when the job queue restarts (restart the host)", configuration.cluster());
        }
        try {
            queue.update(QueueSettings.from(configuration));
        } catch (IllegalArgumentException e) {
            LOG.error(
                    "The changed configuration {} is not applied, the queue keeps its settings: {}",
                    JobQueueConfiguration.PID,
                    e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        try {
            queue.close();
        } finally {
            measured.close();
            monitor.close();
            launcher.close();
        }
    }

    /** Refuses what would change the queue while cluster mode cannot run. */
    private JobQueueService writable() {
        if (refusal.isPresent()) {
            throw new StoreException(null, refusal.get());
        }
        return queue;
    }

    @Override
    public long eventsNotRelayed() {
        return queue.relayDropped();
    }

    /** Every event published on this host, none relayed from another: what this host's journal records. */
    public Flow.Publisher<JobEvent> localEvents() {
        return queue.localEvents();
    }

    @Override
    public boolean clusterMode() {
        return clusterMode;
    }

    @Override
    public String hostId() {
        return queue.settings().hostId();
    }

    @Override
    public Duration lease() {
        return queue.settings().lease();
    }

    @Override
    public Optional<String> refusal() {
        return refusal;
    }

    @Override
    public List<ClusterHost> hosts() {
        return member == null ? List.of() : member.registry().hosts(ClusterMember.FORGET);
    }

    @Override
    public List<ClusterLease> leases() {
        return member == null ? List.of() : member.registry().leases();
    }

    @Override
    public Job submit(String instanceId, Call call, int priority) {
        return writable().submit(instanceId, call, priority);
    }

    @Override
    public Job submit(String instanceId, Call call, int priority, String lane) {
        return writable().submit(instanceId, call, priority, lane);
    }

    @Override
    public JobSequence submitSequence(List<SequenceStep> steps, boolean failFast, int priority) {
        return writable().submitSequence(steps, failFast, priority);
    }

    @Override
    public boolean cancel(String jobId) {
        return writable().cancel(jobId);
    }

    @Override
    public boolean cancelSequence(String sequenceId) {
        return queue.cancelSequence(sequenceId);
    }

    @Override
    public boolean reorder(String jobId, int priority) {
        return writable().reorder(jobId, priority);
    }

    @Override
    public Optional<Job> job(String jobId) {
        return queue.job(jobId);
    }

    @Override
    public CompletableFuture<Job> completion(String jobId) {
        return queue.completion(jobId);
    }

    @Override
    public List<Job> pending() {
        return queue.pending();
    }

    @Override
    public List<Job> running() {
        return queue.running();
    }

    @Override
    public List<Job> history(int limit) {
        return queue.history(limit);
    }

    @Override
    public List<Job> history(int offset, int limit) {
        return queue.history(offset, limit);
    }

    @Override
    public List<Job> jobs(JobStatus status, int offset, int limit) {
        return queue.jobs(status, offset, limit);
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }

    @Override
    public Optional<JobSequence> sequence(String sequenceId) {
        return queue.sequence(sequenceId);
    }

    @Override
    public List<String> logs(String jobId, int lines) {
        return queue.logs(jobId, lines);
    }

    @Override
    public Flow.Publisher<JobEvent> events(String jobId) {
        return queue.events(jobId);
    }

    @Override
    public Flow.Publisher<JobEvent> sequenceEvents(String sequenceId) {
        return queue.sequenceEvents(sequenceId);
    }

    @Override
    public Flow.Publisher<JobEvent> allEvents() {
        return queue.allEvents();
    }

    @Override
    public Composition submitComposition(List<CompositionNode> nodes, CompositionMode mode, int priority) {
        return queue.submitComposition(nodes, mode, priority);
    }

    @Override
    public Optional<Composition> composition(String compositionId) {
        return queue.composition(compositionId);
    }

    @Override
    public List<Composition> compositions(int offset, int limit) {
        return queue.compositions(offset, limit);
    }

    @Override
    public CompletableFuture<Composition> compositionCompletion(String compositionId) {
        return queue.compositionCompletion(compositionId);
    }

    @Override
    public boolean cancelComposition(String compositionId) {
        return queue.cancelComposition(compositionId);
    }

    @Override
    public Flow.Publisher<JobEvent> compositionEvents(String compositionId) {
        return queue.compositionEvents(compositionId);
    }
}
