package dev.cordon.api.scheduling;

import java.time.Instant;
import java.util.Objects;

/**
 * What one worker used at one moment, in the original's {@code ResourceSnapshot} shape (wire spellings
 * {@code timestamp}, {@code worker_pid}, {@code cpu_percent}, {@code memory_rss_mb}, {@code gpu_index},
 * {@code gpu_memory_mb}, {@code gpu_type}, {@code gpu_total_mb}, {@code gpu_load_percent}). The GPU fields are
 * {@code null} when the worker holds no GPU memory or no GPU is monitored.
 *
 * @param timestamp when it was read
 * @param workerPid the worker process
 * @param cpuPercent CPU of the worker and its descendants, 100 = one processor
 * @param memoryRssMb resident memory of the worker and its descendants, in MB
 * @param gpuIndex the GPU on which the worker holds the most memory
 * @param gpuMemoryMb GPU memory the worker holds there, in MB
 * @param gpuType the GPU's vendor, for example {@code NVIDIA}
 * @param gpuTotalMb that GPU's total memory, in MB
 * @param gpuLoadPercent that GPU's compute utilization (for the whole GPU, not just this worker)
 */
public record ResourceSnapshot(
        Instant timestamp,
        long workerPid,
        double cpuPercent,
        double memoryRssMb,
        Integer gpuIndex,
        Double gpuMemoryMb,
        String gpuType,
        Double gpuTotalMb,
        Double gpuLoadPercent) {

    /** Rejects a missing timestamp. */
    public ResourceSnapshot {
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Composes a snapshot from a worker's usage and the host's GPUs, read at {@code timestamp}. */
    public static ResourceSnapshot of(Instant timestamp, ProcessUsage usage, HostResources host) {
        var gpu = usage.gpuIndex().stream().boxed().findFirst().flatMap(host::gpu);
        if (gpu.isEmpty()) {
            return new ResourceSnapshot(
                    timestamp, usage.pid(), usage.cpuPercent(), usage.rssMb(), null, null, null, null, null);
        }
        GpuInfo g = gpu.get();
        return new ResourceSnapshot(
                timestamp,
                usage.pid(),
                usage.cpuPercent(),
                usage.rssMb(),
                g.index(),
                (double) usage.gpuMemoryMb(g.index()),
                g.vendor(),
                g.memoryTotalMb().isPresent() ? (double) g.memoryTotalMb().getAsLong() : null,
                g.utilizationPercent().isPresent() ? g.utilizationPercent().getAsDouble() : null);
    }
}
