package dev.cordon.api.scheduling;

import java.util.List;
import java.util.Optional;

/**
 * Reads what the machine has and what processes use. Each call reads afresh (procfs, cgroup files,
 * {@code nvidia-smi}), so it may block briefly; implementations bound every external command with a timeout.
 *
 * <p>A machine without a GPU, or one whose GPUs cannot be queried, reports no GPUs: an empty list, never a GPU
 * with zero memory.
 */
public interface SystemMonitor {

    /** The machine's RAM (within the cgroup limit), CPU load and GPUs, now. */
    HostResources host();

    /**
     * What the process and all its descendants use now; empty when no process has this pid. The CPU share is
     * measured against this monitor's previous reading of the same process.
     */
    Optional<ProcessUsage> processUsage(long pid);

    /** Every process holding GPU memory, per GPU; empty without a GPU. */
    List<GpuProcess> gpuProcesses();

    /** A worker's usage in the original's snapshot shape; empty when the worker process is gone. */
    default Optional<ResourceSnapshot> snapshot(long workerPid) {
        return processUsage(workerPid).map(usage -> {
            HostResources host = host();
            return ResourceSnapshot.of(host.timestamp(), usage, host);
        });
    }
}
