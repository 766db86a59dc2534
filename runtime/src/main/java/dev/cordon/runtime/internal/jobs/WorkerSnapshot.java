package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.scheduling.ResourceSnapshot;
import dev.cordon.api.scheduling.SystemMonitor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The payload of a {@code RESOURCE_SNAPSHOT} event and a job's {@code resource_snapshot}: the worker as the manager's
 * stats have it (pid, alive, CPU, RSS, calls in flight) and its GPU as the system monitor reads it, in the original's
 * spellings ({@code gpu_index}, {@code gpu_memory_mb}, {@code gpu_type}, {@code gpu_total_mb}, {@code
 * gpu_load_percent}); the GPU keys are always there, {@code null} when the worker holds no GPU memory, no GPU is
 * monitored, or no monitor is active.
 */
final class WorkerSnapshot {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkerSnapshot.class);

    private WorkerSnapshot() {}

    /** The snapshot of the worker of {@code stats}, its GPU read through {@code monitor} when there is one. */
    static Map<String, Object> of(InstanceStats stats, SystemMonitor monitor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", stats.pid());
        m.put("alive", stats.alive());
        m.put("cpu_percent", stats.cpuPercent().isPresent() ? stats.cpuPercent().getAsDouble() : null);
        m.put("rss_mb", stats.rssMb().isPresent() ? stats.rssMb().getAsDouble() : null);
        m.put("in_flight", stats.inFlight());
        Optional<ResourceSnapshot> read = gpu(stats, monitor);
        m.put("gpu_index", read.map(ResourceSnapshot::gpuIndex).orElse(null));
        m.put("gpu_memory_mb", read.map(ResourceSnapshot::gpuMemoryMb).orElse(null));
        m.put("gpu_type", read.map(ResourceSnapshot::gpuType).orElse(null));
        m.put("gpu_total_mb", read.map(ResourceSnapshot::gpuTotalMb).orElse(null));
        m.put("gpu_load_percent", read.map(ResourceSnapshot::gpuLoadPercent).orElse(null));
        return m;
    }

    private static Optional<ResourceSnapshot> gpu(InstanceStats stats, SystemMonitor monitor) {
        if (monitor == null || !stats.alive()) {
            return Optional.empty();
        }
        try {
            return monitor.snapshot(stats.pid());
        } catch (RuntimeException e) {
            // A snapshot without its GPU part beats none: the next one may read it.
            LOG.debug("The GPU of worker pid {} was not read: {}", stats.pid(), e.toString());
            return Optional.empty();
        }
    }
}
