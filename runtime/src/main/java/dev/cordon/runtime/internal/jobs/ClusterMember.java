package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.spi.ClusterHost;
import dev.cordon.api.spi.ClusterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This host as one of several sharing a job store. Every {@code lease / 5} (its heartbeat) it renews its half-spent
 * leases, writes what it can run and how loaded it is, takes over the jobs of hosts whose leases expired, and looks
 * for cancel requests made on other hosts for jobs it runs; the requests also arrive at once by the registry's push
 * where it has one. It tells the dispatcher which jobs this host can run at all: those of the plugins and instances
 * it has.
 */
final class ClusterMember implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterMember.class);

    /** How long the set of runnable plugins is trusted before it is read again. */
    private static final long RUNNABLE_TTL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Hosts silent for this long are deleted from the registry. */
    static final Duration FORGET = Duration.ofMinutes(15);

    private final ClusterRegistry registry;
    private final JobTarget local;
    private final RunningJobs running;
    private final Recovery recovery;
    private final Cancellation cancellation;
    private final Runnable renewLeases;
    private final Supplier<QueueSettings> settings;
    private final ExecutorService work;
    private final String address;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cordon-cluster-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile Set<String> runnable = Set.of();
    private volatile long runnableAt;
    private volatile AutoCloseable listening = () -> {};

    ClusterMember(
            ClusterRegistry registry,
            JobTarget local,
            RunningJobs running,
            Recovery recovery,
            Cancellation cancellation,
            Runnable renewLeases,
            Supplier<QueueSettings> settings,
            ExecutorService work) {
        this.registry = registry;
        this.local = local;
        this.running = running;
        this.recovery = recovery;
        this.cancellation = cancellation;
        this.renewLeases = renewLeases;
        this.settings = settings;
        this.work = work;
        this.address = hostName() + "/" + ProcessHandle.current().pid();
        this.runnableAt = System.nanoTime() - 2 * RUNNABLE_TTL_NANOS;
    }

    /** The host id a cluster host takes when none is configured: its host name and process id. */
    static String defaultHostId() {
        return hostName() + "-" + ProcessHandle.current().pid();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    String hostId() {
        return settings.get().hostId();
    }

    ClusterRegistry registry() {
        return registry;
    }

    /** Writes the first heartbeat (so a refused store fails here), then listens and beats on. */
    void start() {
        beat();
        listening = registry.listen(jobId -> work.execute(() -> cancelHere(jobId)));
        long every = Math.max(100, settings.get().lease().toMillis() / 5);
        heartbeat.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Whether this host has the job's plugin or instance: the dispatcher leaves other jobs to other hosts. */
    boolean runsHere(Job job) {
        return runnable().contains(job.pluginInstanceId());
    }

    private Set<String> runnable() {
        if (System.nanoTime() - runnableAt > RUNNABLE_TTL_NANOS) {
            return readRunnable();
        }
        return runnable;
    }

    private Set<String> readRunnable() {
        Set<String> now = Set.copyOf(local.runnable());
        runnable = now;
        runnableAt = System.nanoTime();
        return now;
    }

    /**
     * Records a cancel request for a job that runs on another host, which acts on it; {@code true} when it was
     * recorded.
     */
    boolean cancelElsewhere(Job job) {
        registry.requestCancel(job.id(), hostId());
        LOG.info("Job {} runs on another host; its cancel request is passed on there", job.id());
        return true;
    }

    /** Whether another live host can run jobs of the instance. */
    boolean runsElsewhere(String instanceId) {
        Duration lease = settings.get().lease();
        return registry.hosts(FORGET).stream()
                .anyMatch(h ->
                        !h.id().equals(hostId()) && h.live(lease) && h.plugins().contains(instanceId));
    }

    /** One heartbeat; never throws, so the schedule goes on. */
    private void tick() {
        try {
            renewLeases.run();
            beat();
            recovery.expired();
            for (String jobId : registry.cancelRequests(hostId())) {
                cancelHere(jobId);
            }
        } catch (RuntimeException e) {
            LOG.warn("A cluster heartbeat of host {} failed: {}", hostId(), e.toString());
        }
    }

    private void beat() {
        List<String> plugins = readRunnable().stream().sorted().toList();
        QueueSettings s = settings.get();
        registry.heartbeat(new ClusterHost(hostId(), address, plugins, s.maxRunning(), running.size(), Duration.ZERO));
    }

    private void cancelHere(String jobId) {
        if (running.get(jobId).isEmpty()) {
            return;
        }
        try {
            cancellation.cancel(jobId);
            registry.clearCancel(jobId);
        } catch (RuntimeException e) {
            LOG.warn("Cancelling job {} as asked by another host failed: {}", jobId, e.toString());
        }
    }

    /** Stops beating and listening and leaves the registry: the host stopped cleanly. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(5, TimeUnit.SECONDS);
            listening.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Closing the cancel listener failed: {}", e.toString());
        }
        try {
            registry.leave(hostId());
        } catch (RuntimeException e) {
            LOG.warn("Host {} could not remove itself from the cluster: {}", hostId(), e.toString());
        }
    }
}
