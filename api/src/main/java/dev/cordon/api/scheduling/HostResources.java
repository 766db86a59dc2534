package dev.cordon.api.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the machine has, read at one moment.
 *
 * <p>RAM respects the memory limit of the control group Cordon runs in: in a container limited to 4 GB on a
 * 64 GB host, {@code ramTotalMb} is 4096 and {@code ramAvailableMb} what is left of those 4 GB.
 *
 * @param timestamp when it was read
 * @param ramTotalMb RAM this process's control group may use, in MB: the host's, or the cgroup limit if lower
 * @param ramAvailableMb RAM that can still be allocated without swapping, in MB; at most {@code ramTotalMb}
 * @param cgroupMemoryLimitMb the cgroup memory limit, when one applies and is below the host's RAM
 * @param cpuCount processors available to this JVM
 * @param loadAverage1m the 1-minute load average (runnable processes), as {@code /proc/loadavg} reports it
 * @param loadAverage5m the 5-minute load average
 * @param loadAverage15m the 15-minute load average
 * @param gpus the GPUs found; empty when the machine has none or none can be queried, never a GPU of zeros
 */
public record HostResources(
        Instant timestamp,
        long ramTotalMb,
        long ramAvailableMb,
        OptionalLong cgroupMemoryLimitMb,
        int cpuCount,
        double loadAverage1m,
        double loadAverage5m,
        double loadAverage15m,
        List<GpuInfo> gpus) {

    /** Copies the GPU list; rejects an available amount above the total. */
    public HostResources {
        Objects.requireNonNull(timestamp, "timestamp");
        cgroupMemoryLimitMb = Objects.requireNonNullElse(cgroupMemoryLimitMb, OptionalLong.empty());
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        if (ramAvailableMb > ramTotalMb) {
            throw new IllegalArgumentException(
                    "available RAM " + ramAvailableMb + " MB exceeds total " + ramTotalMb + " MB");
        }
    }

    /** The GPU with this driver index, if present. */
    public Optional<GpuInfo> gpu(int index) {
        return gpus.stream().filter(g -> g.index() == index).findFirst();
    }
}
