package dev.cordon.itests.thirdparty;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A third-party scheduling policy, packaged by the test into its own bundle: one execution at a time, others
 * refused. It proves that a policy from outside Cordon becomes selectable by name.
 */
public final class SingleSlotPolicy implements ResourceScheduler {

    private final List<Allocation> running = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public String policyName() {
        return "single-slot";
    }

    @Override
    public synchronized Decision decide(ExecutionRequest request) {
        return running.isEmpty() ? Decision.Allow.ANY : new Decision.Block("one execution at a time; one is running");
    }

    @Override
    public synchronized CompletionStage<Allocation> acquire(ExecutionRequest request, BlockListener listener) {
        Decision d = decide(request);
        if (d instanceof Decision.Block block) {
            return CompletableFuture.failedFuture(
                    new SchedulingRefusedException(policyName(), request, block.reason(), false));
        }
        Allocation a =
                new Allocation(ids.incrementAndGet(), policyName(), request, Instant.now(), 0, 0, OptionalInt.empty());
        running.add(a);
        return CompletableFuture.completedFuture(a);
    }

    @Override
    public void release(Allocation allocation) {
        running.remove(allocation);
    }

    @Override
    public List<Allocation> active() {
        return List.copyOf(running);
    }
}
