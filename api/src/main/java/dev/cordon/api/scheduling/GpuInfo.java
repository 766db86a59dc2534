package dev.cordon.api.scheduling;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One GPU as its driver reports it. A value the driver does not report (for example {@code [N/A]}) is empty,
 * never zero.
 *
 * @param index the driver's index of the GPU, as {@code CUDA_VISIBLE_DEVICES} counts it
 * @param uuid the driver's stable identifier, for example {@code GPU-5f3b…}
 * @param vendor who made it, for example {@code NVIDIA}
 * @param name the model, for example {@code NVIDIA GeForce RTX 4090}
 * @param memoryTotalMb its memory, in MB
 * @param memoryUsedMb memory in use, in MB
 * @param memoryFreeMb memory free, in MB
 * @param utilizationPercent compute utilization, 0 to 100
 */
public record GpuInfo(
        int index,
        String uuid,
        String vendor,
        String name,
        OptionalLong memoryTotalMb,
        OptionalLong memoryUsedMb,
        OptionalLong memoryFreeMb,
        OptionalDouble utilizationPercent) {

    /** Rejects missing names; a {@code null} quantity reads as not reported. */
    public GpuInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(name, "name");
        memoryTotalMb = Objects.requireNonNullElse(memoryTotalMb, OptionalLong.empty());
        memoryUsedMb = Objects.requireNonNullElse(memoryUsedMb, OptionalLong.empty());
        memoryFreeMb = Objects.requireNonNullElse(memoryFreeMb, OptionalLong.empty());
        utilizationPercent = Objects.requireNonNullElse(utilizationPercent, OptionalDouble.empty());
    }
}
