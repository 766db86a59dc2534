package dev.cordon.testkit.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResourceScheduler} must do, whatever its policy; each implementation runs it through a subclass.
 * The scheduler reads the real machine, so the requests here either need nothing or far more than any machine has.
 */
public abstract class ResourceSchedulerContract {

    /** Longest a grant or a refusal may take here; a policy that waits must be configured to wait less. */
    protected static final Duration WAIT = Duration.ofSeconds(20);
    /** RAM no machine has: a petabyte. */
    private static final long PETABYTE_MB = 1L << 30;

    private final List<ResourceScheduler> created = new ArrayList<>();

    /** A new scheduler with nothing granted. */
    protected abstract ResourceScheduler newScheduler();

    /**
     * Whether this policy refuses an execution that needs more than the machine has (at once, or when its wait runs
     * out); a policy that allows everything answers false.
     */
    protected abstract boolean refusesWhatTheMachineCannotHold();

    /** Releases what a scheduler holds (a policy with a thread of its own closes it). */
    protected void close(ResourceScheduler scheduler) throws Exception {
        if (scheduler instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private ResourceScheduler scheduler() {
        ResourceScheduler scheduler = newScheduler();
        created.add(scheduler);
        return scheduler;
    }

    @AfterEach
    void closeSchedulers() throws Exception {
        for (ResourceScheduler scheduler : created) {
            close(scheduler);
        }
    }

    @Test
    void hasANameAndStampsItOnItsAllocations() {
        ResourceScheduler scheduler = scheduler();
        assertThat(scheduler.policyName()).isNotBlank();
        Allocation allocation = grant(scheduler, needingNothing("a"));
        assertThat(allocation.policy()).isEqualTo(scheduler.policyName());
        assertThat(allocation.request()).isEqualTo(needingNothing("a"));
        assertThat(allocation.grantedAt()).isNotNull();
    }

    @Test
    void allowsAnExecutionThatNeedsNothingAndDecidingHoldsNothing() {
        ResourceScheduler scheduler = scheduler();
        assertThat(scheduler.decide(needingNothing("a")).allowed()).isTrue();
        assertThat(scheduler.active()).isEmpty();
    }

    @Test
    void listsGrantedAllocationsOldestFirstUntilReleased() {
        ResourceScheduler scheduler = scheduler();
        Allocation first = grant(scheduler, needingNothing("a"));
        Allocation second = grant(scheduler, needingNothing("b"));
        assertThat(scheduler.active()).containsExactly(first, second);
        assertThat(first.id()).isNotEqualTo(second.id());

        scheduler.release(first);
        assertThat(scheduler.active()).containsExactly(second);
        scheduler.release(second);
        assertThat(scheduler.active()).isEmpty();
    }

    @Test
    void releasingTwiceOrReleasingAForeignAllocationDoesNothing() {
        ResourceScheduler scheduler = scheduler();
        ResourceScheduler other = scheduler();
        Allocation mine = grant(scheduler, needingNothing("a"));
        Allocation foreign = grant(other, needingNothing("b"));
        Allocation kept = grant(scheduler, needingNothing("c"));

        scheduler.release(mine);
        scheduler.release(mine);
        scheduler.release(foreign);
        assertThat(scheduler.active()).containsExactly(kept);
        assertThat(other.active()).containsExactly(foreign);
    }

    @Test
    void anExecutionTheMachineCannotHoldIsRefusedWithAReasonOrAllowedByAPolicyThatAllowsAll() {
        ResourceScheduler scheduler = scheduler();
        ExecutionRequest huge = needingRam("huge", PETABYTE_MB);
        if (!refusesWhatTheMachineCannotHold()) {
            assertThat(scheduler.decide(huge).allowed()).isTrue();
            assertThat(grant(scheduler, huge).request()).isEqualTo(huge);
            return;
        }
        assertThat(scheduler.decide(huge))
                .isInstanceOfSatisfying(
                        Decision.Block.class,
                        block -> assertThat(block.reason()).isNotBlank());
        CompletableFuture<Allocation> refused = scheduler.acquire(huge).toCompletableFuture();
        assertThatThrownBy(() -> refused.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(SchedulingRefusedException.class)
                .cause()
                .satisfies(e -> {
                    SchedulingRefusedException refusal = (SchedulingRefusedException) e;
                    assertThat(refusal.policy()).isEqualTo(scheduler.policyName());
                    assertThat(refusal.getMessage()).contains("huge");
                });
        assertThat(scheduler.active()).isEmpty();
    }

    @Test
    void concurrentAcquiresAndReleasesLeaveNothingHeld() throws Exception {
        ResourceScheduler scheduler = scheduler();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> rounds = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                rounds.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        scheduler.release(grant(scheduler, needingNothing("t" + thread + "-" + i)));
                    }
                    return 50;
                }));
            }
            int done = 0;
            for (Future<Integer> round : rounds) {
                done += round.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(done).isEqualTo(400);
            assertThat(scheduler.active()).isEmpty();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** An execution of instance {@code instance} that declared no needs. */
    protected static ExecutionRequest needingNothing(String instance) {
        return new ExecutionRequest("contract-" + instance, instance, ResourceRequirements.NONE);
    }

    /** An execution of instance {@code instance} that declared it needs {@code ramMb} of RAM. */
    protected static ExecutionRequest needingRam(String instance, long ramMb) {
        return new ExecutionRequest(
                "contract-" + instance,
                instance,
                new ResourceRequirements(false, List.of(), List.of(), OptionalLong.of(ramMb), OptionalLong.empty()));
    }

    private static Allocation grant(ResourceScheduler scheduler, ExecutionRequest request) {
        try {
            return scheduler.acquire(request).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(
                    "acquire of " + request.describe() + " under '" + scheduler.policyName() + "' did not grant within "
                            + WAIT + ": " + Optional.ofNullable(e.getCause()).orElse(e),
                    e);
        }
    }
}
