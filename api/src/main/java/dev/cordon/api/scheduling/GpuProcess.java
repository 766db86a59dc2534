package dev.cordon.api.scheduling;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * GPU memory one process holds on one GPU, as the driver reports it.
 *
 * @param pid the process
 * @param gpuIndex the GPU
 * @param usedMemoryMb the memory it holds there, in MB; empty when the driver does not report it (for example
 *     inside some containers)
 */
public record GpuProcess(long pid, int gpuIndex, OptionalLong usedMemoryMb) {

    /** A {@code null} quantity reads as not reported. */
    public GpuProcess {
        usedMemoryMb = Objects.requireNonNullElse(usedMemoryMb, OptionalLong.empty());
    }
}
