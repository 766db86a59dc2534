package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Whether a pending job may start now, and if not, why: its lane's limit, its instance (disabled, or running its cap
 * of calls), then the active scheduling policy asked with what the plugin declared and what it was measured to take
 * for this config, the larger of each. The policy is asked with {@link ResourceScheduler#decide}, which holds
 * nothing: the call itself acquires its allocation in the plugin manager when it runs.
 */
final class QueueAdmission {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueueAdmission.class);

    private final JobTarget target;
    private final Supplier<ResourceScheduler> scheduler;
    private final Supplier<EmpiricalResourceStore> measured;

    QueueAdmission(JobTarget target, Supplier<ResourceScheduler> scheduler, Supplier<EmpiricalResourceStore> measured) {
        this.target = target;
        this.scheduler = scheduler;
        this.measured = measured;
    }

    /** Why {@code job} cannot start with the jobs of {@code running} running; empty when it can. */
    Optional<String> blockReason(Job job, RunningJobs running, QueueSettings settings) {
        int laneLimit = settings.lanes().getOrDefault(job.lane(), 0);
        int inLane = running.inLane(job.lane());
        if (inLane >= laneLimit) {
            return Optional.of("lane '" + job.lane() + "' is full (" + inLane + " of " + laneLimit + " running)");
        }
        Optional<JobTarget.InstanceView> instance = target.instance(job.pluginInstanceId());
        if (instance.isEmpty()) {
            // A default instance not loaded yet: it is loaded when the job runs and admitted by the manager then.
            return Optional.empty();
        }
        JobTarget.InstanceView view = instance.get();
        if (!view.enabled()) {
            return Optional.of("instance '" + job.pluginInstanceId() + "' is disabled; cordon:enable "
                    + job.pluginInstanceId() + " lets it run");
        }
        int onInstance = running.onInstance(job.pluginInstanceId());
        if (view.cap().isPresent() && onInstance >= view.cap().getAsInt()) {
            return Optional.of("instance '" + job.pluginInstanceId() + "' runs its cap of "
                    + view.cap().getAsInt() + " call(s)");
        }
        ResourceScheduler policy = scheduler.get();
        if (policy == null) {
            return Optional.of("no scheduling policy is active; check the dev.cordon.scheduler bundle (cordon:status)");
        }
        ExecutionRequest request = new ExecutionRequest(
                view.pluginName(),
                job.pluginInstanceId(),
                withMeasuredPeak(view.requirements(), job.pluginInstanceId(), view.configHash()),
                view.workerPid());
        try {
            Decision decision = policy.decide(request);
            return decision instanceof Decision.Block block ? Optional.of(block.reason()) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Scheduling policy {} failed to decide on {}: {}",
                    policy.policyName(),
                    request.describe(),
                    e.toString());
            return Optional.of("scheduling policy '" + policy.policyName() + "' failed: " + e.getMessage());
        }
    }

    /** The declared needs, each raised to the peak measured for this instance and config when that is larger. */
    ResourceRequirements withMeasuredPeak(ResourceRequirements declared, String instanceId, String configHash) {
        EmpiricalResourceStore store = measured.get();
        if (store == null) {
            return declared;
        }
        Optional<EmpiricalResourceRecord> peak;
        try {
            peak = store.get(instanceId, configHash);
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the measured resource use of {}: {}", instanceId, e.toString());
            return declared;
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
