package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.HostResources;
import java.util.OptionalInt;

/**
 * Compares what an execution declared it needs with what the machine has free, less what running executions
 * still hold in reserve. Pure: the same inputs give the same decision.
 *
 * <p>Rules, in this order: a GPU needed (declared, or implied by a VRAM minimum) but none found blocks; a RAM
 * minimum above the free RAM blocks; a VRAM minimum above the free memory of every GPU blocks. The GPU chosen
 * is the one with the most free memory.
 */
final class CapacityCheck {

    private CapacityCheck() {}

    static Decision decide(ResourceRequirements needs, HostResources host, Outstanding outstanding) {
        boolean needsGpu = needs.requiresGpu() || needs.minGpuVramMb().isPresent();
        if (needsGpu && host.gpus().isEmpty()) {
            return new Decision.Block(
                    needs.minGpuVramMb().isPresent()
                            ? "needs " + needs.minGpuVramMb().getAsLong() + " MB VRAM, no GPU detected"
                            : "needs a GPU, no GPU detected");
        }
        if (needs.minSystemRamMb().isPresent()) {
            long need = needs.minSystemRamMb().getAsLong();
            long free = Math.max(0, host.ramAvailableMb() - outstanding.ramMb());
            if (need > free) {
                return new Decision.Block(
                        "needs " + need + " MB RAM, " + free + " MB free" + heldNote(outstanding.ramMb(), outstanding));
            }
        }
        if (!needsGpu) {
            return Decision.Allow.ANY;
        }
        return chooseGpu(needs.minGpuVramMb().orElse(0), host, outstanding);
    }

    private static Decision chooseGpu(long need, HostResources host, Outstanding outstanding) {
        GpuInfo best = null;
        long bestFree = Long.MIN_VALUE;
        for (GpuInfo gpu : host.gpus()) {
            if (gpu.memoryFreeMb().isEmpty()) {
                continue;
            }
            long free = Math.max(0, gpu.memoryFreeMb().getAsLong() - outstanding.vramMb(gpu.index()));
            if (free > bestFree) {
                best = gpu;
                bestFree = free;
            }
        }
        if (best == null) {
            // No GPU reports its free memory: a bare GPU requirement is met, a quantity cannot be checked.
            return need == 0
                    ? new Decision.Allow(OptionalInt.of(host.gpus().get(0).index()))
                    : new Decision.Block("needs " + need + " MB VRAM, no GPU reports its free memory");
        }
        if (need > bestFree) {
            return new Decision.Block("needs " + need + " MB VRAM, " + bestFree + " MB free on GPU " + best.index()
                    + heldNote(outstanding.vramMb(best.index()), outstanding));
        }
        return new Decision.Allow(OptionalInt.of(best.index()));
    }

    private static String heldNote(long heldMb, Outstanding outstanding) {
        return heldMb <= 0
                ? ""
                : " (" + heldMb + " MB more held for " + outstanding.executions() + " running execution"
                        + (outstanding.executions() == 1 ? "" : "s") + ")";
    }
}
