package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether a pending job may start now, and if not, why: its lane's limit, its instance (disabled, or running its cap
 * of calls), then the active scheduling policy asked with what the plugin declared and what it was measured to take
 * for this config, the larger of each. The policy is asked by {@link Acquisitions} with
 * {@link ResourceScheduler#acquire}: a job waits with the policy's block reasons, and the allocation it is granted is
 * handed to the plugin manager with the call, so that the call holds one allocation, not two.
 */
final class QueueAdmission {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueueAdmission.class);

    /** How long a measured peak read from the store is used before it is read again. */
    static final Duration PEAK_READ_EVERY = Duration.ofSeconds(1);

    /** The most instance and config pairs whose peak is kept; beyond, all are read again. */
    private static final int MAX_PEAKS = 1024;

    /** A measured peak as read from {@code from} at {@code readAt} ({@link System#nanoTime}). */
    private record Peak(EmpiricalResourceStore from, Optional<EmpiricalResourceRecord> record, long readAt) {}

    private final Map<String, Peak> peaks = new ConcurrentHashMap<>();
    private final long peakReadEvery;
    private final JobTarget target;
    private final Supplier<ResourceScheduler> scheduler;
    private final Supplier<EmpiricalResourceStore> measured;

    QueueAdmission(JobTarget target, Supplier<ResourceScheduler> scheduler, Supplier<EmpiricalResourceStore> measured) {
        this(target, scheduler, measured, PEAK_READ_EVERY);
    }

    /** An admission that reads a measured peak again once it is {@code peakReadEvery} old. */
    QueueAdmission(
            JobTarget target,
            Supplier<ResourceScheduler> scheduler,
            Supplier<EmpiricalResourceStore> measured,
            Duration peakReadEvery) {
        this.peakReadEvery = peakReadEvery.toNanos();
        this.target = target;
        this.scheduler = scheduler;
        this.measured = measured;
    }

    /** What admission says of a pending job. */
    sealed interface Verdict {

        /** It cannot start now, for this reason. */
        record Blocked(String reason) implements Verdict {}

        /** It may start once {@code policy} grants {@code request}. */
        record Acquire(ResourceScheduler policy, ExecutionRequest request) implements Verdict {}

        /** It may start now: its instance is loaded (and admitted by the manager) when it runs. */
        record Start() implements Verdict {}
    }

    /**
     * Whether {@code job} may start with the jobs of {@code running} running and those of {@code acquiring} waiting
     * for their allocation: its lane and its instance must have room; then the policy is to be asked.
     */
    Verdict admit(Job job, RunningJobs running, Acquisitions acquiring, QueueSettings settings) {
        int laneLimit = settings.lanes().getOrDefault(job.lane(), 0);
        int inLane = running.inLane(job.lane()) + acquiring.inLane(job.lane());
        if (inLane >= laneLimit) {
            return new Verdict.Blocked(
                    "lane '" + job.lane() + "' is full (" + inLane + " of " + laneLimit + " running)");
        }
        if (running.reloading(job.pluginInstanceId())) {
            return new Verdict.Blocked("instance '" + job.pluginInstanceId()
                    + "' is being reloaded: a cancelled job's worker is stopped by force");
        }
        // Asked before the shortcut below: a job for an instance not loaded yet, started while no policy or no
        // launcher is bound (a host starting with jobs in its queue), would fail in the manager instead of waiting.
        if (scheduler.get() == null) {
            return new Verdict.Blocked(
                    "no scheduling policy is active; check the dev.cordon.scheduler bundle (cordon:status)");
        }
        Optional<String> unavailable = target.unavailable();
        if (unavailable.isPresent()) {
            return new Verdict.Blocked(unavailable.get());
        }
        Optional<JobTarget.InstanceView> instance = target.instance(job.pluginInstanceId());
        if (instance.isEmpty()) {
            // A default instance not loaded yet: it is loaded when the job runs and admitted by the manager then.
            return new Verdict.Start();
        }
        JobTarget.InstanceView view = instance.get();
        if (!view.enabled()) {
            return new Verdict.Blocked("instance '" + job.pluginInstanceId() + "' is disabled; cordon:enable "
                    + job.pluginInstanceId() + " lets it run");
        }
        int onInstance = running.onInstance(job.pluginInstanceId()) + acquiring.onInstance(job.pluginInstanceId());
        if (view.cap().isPresent() && onInstance >= view.cap().getAsInt()) {
            return new Verdict.Blocked("instance '" + job.pluginInstanceId() + "' runs its cap of "
                    + view.cap().getAsInt() + " call(s)");
        }
        ResourceScheduler policy = scheduler.get();
        if (policy == null) {
            return new Verdict.Blocked(
                    "no scheduling policy is active; check the dev.cordon.scheduler bundle (cordon:status)");
        }
        return new Verdict.Acquire(
                policy,
                new ExecutionRequest(
                        view.pluginName(),
                        job.pluginInstanceId(),
                        withMeasuredPeak(view.requirements(), job.pluginInstanceId(), view.configHash()),
                        view.workerPid()));
    }

    /**
     * The declared needs, each raised to the peak measured for this instance and config when that is larger. A peak
     * read from the store is used for {@link #PEAK_READ_EVERY} (by default) before it is read again: on a busy queue a read per job
     * costs more than the job's own writes, and the measured peaks themselves reach the store in batches.
     */
    ResourceRequirements withMeasuredPeak(ResourceRequirements declared, String instanceId, String configHash) {
        EmpiricalResourceStore store = measured.get();
        if (store == null) {
            return declared;
        }
        String key = instanceId + '\u0000' + configHash;
        long now = System.nanoTime();
        Peak known = peaks.get(key);
        Optional<EmpiricalResourceRecord> peak;
        if (known != null && known.from() == store && now - known.readAt() < peakReadEvery) {
            peak = known.record();
        } else {
            try {
                peak = store.get(instanceId, configHash);
            } catch (RuntimeException e) {
                LOG.warn("Cannot read the measured resource use of {}: {}", instanceId, e.toString());
                return declared;
            }
            if (peaks.size() >= MAX_PEAKS) {
                peaks.clear();
            }
            peaks.put(key, new Peak(store, peak, now));
        }
        if (peak.isEmpty()) {
            return declared;
        }
        return new ResourceRequirements(
                declared.requiresGpu(),
                declared.platforms(),
                declared.accelerators(),
                larger(declared.minSystemRamMb(), peak.get().memoryMbPeakMax()),
                larger(declared.minGpuVramMb(), peak.get().gpuMemoryMbPeakMax()));
    }

    private static OptionalLong larger(OptionalLong declared, double measuredMb) {
        long m = (long) Math.ceil(measuredMb);
        if (m <= 0) {
            return declared;
        }
        return declared.isPresent() && declared.getAsLong() >= m ? declared : OptionalLong.of(m);
    }
}
