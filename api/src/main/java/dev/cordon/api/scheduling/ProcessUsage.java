package dev.cordon.api.scheduling;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one process and all its descendants use, read at one moment: a worker is measured together with the
 * processes it started.
 *
 * @param pid the process measured
 * @param pids that process and its descendants, the process first
 * @param rssMb resident memory of all of them, in MB
 * @param cpuPercent CPU they used since the previous reading of the same process (on the first reading, since
 *     the process started), where 100 is one processor fully busy
 * @param gpuMemory GPU memory held by any of them, one entry per process and GPU; empty without a GPU
 */
public record ProcessUsage(long pid, List<Long> pids, double rssMb, double cpuPercent, List<GpuProcess> gpuMemory) {

    /** Copies the lists. */
    public ProcessUsage {
        pids = List.copyOf(Objects.requireNonNull(pids, "pids"));
        gpuMemory = gpuMemory == null ? List.of() : List.copyOf(gpuMemory);
    }

    /** GPU memory the tree holds on all GPUs, in MB; empty when it holds none or none is reported. */
    public OptionalLong gpuMemoryMb() {
        return gpuMemory.stream()
                .map(GpuProcess::usedMemoryMb)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .reduce(Long::sum);
    }

    /** GPU memory the tree holds on one GPU, in MB; 0 when it holds none there. */
    public long gpuMemoryMb(int gpuIndex) {
        return gpuMemory.stream()
                .filter(p -> p.gpuIndex() == gpuIndex)
                .mapToLong(p -> p.usedMemoryMb().orElse(0))
                .sum();
    }

    /** The GPU on which the tree holds the most memory; empty when it is on none. */
    public OptionalInt gpuIndex() {
        return gpuMemory.stream()
                .map(GpuProcess::gpuIndex)
                .distinct()
                .max(Comparator.comparingLong(this::gpuMemoryMb))
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }
}
