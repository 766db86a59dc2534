package dev.cordon.api.scheduling;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Permission for one execution to run, held from the moment a {@link ResourceScheduler} grants it until the
 * caller hands it back with {@link ResourceScheduler#release(Allocation)}.
 *
 * @param id unique among the allocations of the scheduler that granted it
 * @param policy the name of the policy that granted it
 * @param request the execution it was granted to
 * @param grantedAt when it was granted
 * @param reservedRamMb system RAM held for the execution, in MB (0 when it declared none)
 * @param reservedVramMb GPU memory held for the execution on {@code gpuIndex}, in MB (0 when it declared none)
 * @param gpuIndex the GPU the execution was counted against, when it needs one; a launcher may pin the worker
 *     to it
 */
public record Allocation(
        long id,
        String policy,
        ExecutionRequest request,
        Instant grantedAt,
        long reservedRamMb,
        long reservedVramMb,
        OptionalInt gpuIndex) {

    /** Rejects missing parts and negative reservations. */
    public Allocation {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(grantedAt, "grantedAt");
        gpuIndex = Objects.requireNonNullElse(gpuIndex, OptionalInt.empty());
        if (reservedRamMb < 0 || reservedVramMb < 0) {
            throw new IllegalArgumentException(
                    "reservations cannot be negative: ram=" + reservedRamMb + " MB, vram=" + reservedVramMb + " MB");
        }
    }
}
