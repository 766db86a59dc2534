package dev.cordon.scheduler.internal.policy;

import static dev.cordon.scheduler.internal.policy.Requests.needing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import org.junit.jupiter.api.Test;

class PermissiveSchedulerTest {

    private final PermissiveScheduler scheduler = new PermissiveScheduler();

    @Test
    void allowsAnExecutionWhoseNeedsNoMachineCouldMeet() {
        var request = needing("big", true, Long.MAX_VALUE, Long.MAX_VALUE);

        assertThat(scheduler.decide(request)).isEqualTo(Decision.Allow.ANY);
        Allocation allocation = scheduler.acquire(request).toCompletableFuture().join();

        assertThat(allocation.policy()).isEqualTo("permissive");
        assertThat(allocation.request()).isEqualTo(request);
    }

    @Test
    void listsRunningExecutionsUntilTheyAreReleased() {
        Allocation first = scheduler
                .acquire(needing("a", false, null, null))
                .toCompletableFuture()
                .join();
        Allocation second = scheduler
                .acquire(needing("b", false, null, null))
                .toCompletableFuture()
                .join();

        assertThat(scheduler.active()).containsExactly(first, second);
        scheduler.release(first);
        scheduler.release(first);
        assertThat(scheduler.active()).containsExactly(second);
    }
}
