package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.GpuProcess;
import dev.cordon.api.scheduling.HostResources;
import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SystemMonitor} whose readings a test sets: the policies' view of the machine, under control. */
final class ControllableMonitor implements SystemMonitor {

    private volatile long ramTotalMb = 16_000;
    private volatile long ramAvailableMb = 16_000;
    private volatile List<GpuInfo> gpus = List.of();
    private final Map<Long, ProcessUsage> usage = new ConcurrentHashMap<>();

    ControllableMonitor ram(long totalMb, long availableMb) {
        this.ramTotalMb = totalMb;
        this.ramAvailableMb = availableMb;
        return this;
    }

    ControllableMonitor freeRam(long availableMb) {
        this.ramAvailableMb = availableMb;
        return this;
    }

    ControllableMonitor gpus(GpuInfo... gpus) {
        this.gpus = List.of(gpus);
        return this;
    }

    /** A worker whose tree holds this much RAM, and this much VRAM on GPU 0 when {@code vramMb} > 0. */
    ControllableMonitor worker(long pid, double rssMb, long vramMb) {
        List<GpuProcess> gpu = vramMb > 0 ? List.of(new GpuProcess(pid, 0, OptionalLong.of(vramMb))) : List.of();
        usage.put(pid, new ProcessUsage(pid, List.of(pid), rssMb, 0, gpu));
        return this;
    }

    static GpuInfo gpu(int index, long totalMb, long freeMb) {
        return new GpuInfo(
                index,
                "GPU-" + index,
                "NVIDIA",
                "Test GPU",
                OptionalLong.of(totalMb),
                OptionalLong.of(totalMb - freeMb),
                OptionalLong.of(freeMb),
                OptionalDouble.of(10));
    }

    @Override
    public HostResources host() {
        return new HostResources(
                Instant.now(), ramTotalMb, ramAvailableMb, OptionalLong.empty(), 4, 0.1, 0.1, 0.1, gpus);
    }

    @Override
    public Optional<ProcessUsage> processUsage(long pid) {
        return Optional.ofNullable(usage.get(pid));
    }

    @Override
    public List<GpuProcess> gpuProcesses() {
        return usage.values().stream().flatMap(u -> u.gpuMemory().stream()).toList();
    }
}
