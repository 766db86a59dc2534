package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The allocations a policy has granted and not yet seen released. Safe for use from any thread. */
final class ReservationLedger {

    private final String policy;
    private final Clock clock;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Allocation> active = new ConcurrentSkipListMap<>();

    ReservationLedger(String policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Records a grant: the execution's declared needs are held until it is released. */
    Allocation grant(ExecutionRequest request, Decision.Allow decision) {
        var needs = request.requirements();
        Allocation allocation = new Allocation(
                nextId.getAndIncrement(),
                policy,
                request,
                clock.instant(),
                needs.minSystemRamMb().orElse(0),
                decision.gpuIndex().isPresent() ? needs.minGpuVramMb().orElse(0) : 0,
                decision.gpuIndex());
        active.put(allocation.id(), allocation);
        return allocation;
    }

    /** Frees the allocation; false when it was not active here (released already, or another policy's). */
    boolean release(Allocation allocation) {
        return policy.equals(allocation.policy()) && active.remove(allocation.id(), allocation);
    }

    /** The active allocations, oldest first. */
    List<Allocation> active() {
        return List.copyOf(active.values());
    }
}
