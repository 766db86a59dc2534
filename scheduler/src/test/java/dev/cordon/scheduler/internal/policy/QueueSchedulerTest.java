package dev.cordon.scheduler.internal.policy;

import static dev.cordon.scheduler.internal.policy.Requests.ram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueSchedulerTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private final ControllableMonitor monitor = new ControllableMonitor().ram(16_000, 5000);
    private QueueScheduler scheduler;

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private QueueScheduler queue(Duration timeout, Duration recheck) {
        scheduler = new QueueScheduler(monitor, timeout, recheck, Clock.systemUTC());
        return scheduler;
    }

    private CompletableFuture<Allocation> acquire(String instance, long ramMb, List<String> reasons) {
        return scheduler.acquire(ram(instance, ramMb), reasons::add).toCompletableFuture();
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return future.handle((value, failure) -> failure).join();
    }

    @Test
    void aWaitingExecutionStartsWhenARunningOneIsReleased() {
        queue(NEVER, NEVER);
        Allocation running = acquire("a", 4000, new CopyOnWriteArrayList<>()).join();
        List<String> reasons = new CopyOnWriteArrayList<>();

        CompletableFuture<Allocation> waiting = acquire("b", 4000, reasons);

        await().until(() -> !reasons.isEmpty());
        assertThat(reasons)
                .containsExactly("needs 4000 MB RAM, 1000 MB free (4000 MB more held for 1 running execution)");
        assertThat(waiting).isNotDone();

        scheduler.release(running);
        await().until(waiting::isDone);
        assertThat(waiting.join().reservedRamMb()).isEqualTo(4000);
        assertThat(scheduler.active()).containsExactly(waiting.join());
    }

    @Test
    void aWaitingExecutionStartsWhenTheRecheckFindsMemoryFreedOutsideCordon() {
        queue(NEVER, Duration.ofMillis(50));
        monitor.freeRam(1000);
        List<String> reasons = new CopyOnWriteArrayList<>();

        CompletableFuture<Allocation> waiting = acquire("a", 4000, reasons);
        await().until(() -> reasons.contains("needs 4000 MB RAM, 1000 MB free"));

        monitor.freeRam(8000);
        await().until(waiting::isDone);
        assertThat(waiting).isCompleted();
    }

    @Test
    void aWaitThatRunsOutFailsWithTheBlockReason() {
        queue(Duration.ofMillis(200), Duration.ofMillis(50));
        monitor.freeRam(1000);

        CompletableFuture<Allocation> waiting = acquire("a", 4000, new CopyOnWriteArrayList<>());

        await().until(waiting::isDone);
        assertThat(failureOf(waiting)).isInstanceOfSatisfying(SchedulingRefusedException.class, e -> {
            assertThat(e.timedOut()).isTrue();
            assertThat(e.reason()).isEqualTo("needs 4000 MB RAM, 1000 MB free (waited 200 ms)");
            assertThat(e.getMessage()).contains("could not start before the wait ran out", "'queue'");
        });
    }

    @Test
    void waitersStartFirstComeFirstServedAndASmallOneDoesNotOvertake() {
        queue(NEVER, Duration.ofMillis(20));
        Allocation holder =
                acquire("holder", 5000, new CopyOnWriteArrayList<>()).join();
        CompletableFuture<Allocation> a = acquire("a", 3000, new CopyOnWriteArrayList<>());
        CompletableFuture<Allocation> b = acquire("b", 3000, new CopyOnWriteArrayList<>());
        List<String> cReasons = new CopyOnWriteArrayList<>();
        CompletableFuture<Allocation> c = acquire("c", 1000, cReasons);

        scheduler.release(holder);

        await().until(a::isDone);
        // 2000 MB are free and c needs only 1000, but b came first and does not fit: c waits behind it.
        await().until(() -> cReasons.contains("waiting behind 1 earlier execution; the first is blocked:"
                + " needs 3000 MB RAM, 2000 MB free (3000 MB more held for 1 running execution)"));
        assertThat(b).isNotDone();
        assertThat(c).isNotDone();

        scheduler.release(a.join());
        await().until(() -> b.isDone() && c.isDone());
        assertThat(List.of(a.join().id(), b.join().id(), c.join().id())).isSorted();
    }

    @Test
    void cancellingTheFirstWaiterLetsTheNextOneStart() {
        queue(NEVER, NEVER);
        CompletableFuture<Allocation> big = acquire("big", 6000, new CopyOnWriteArrayList<>());
        List<String> smallReasons = new CopyOnWriteArrayList<>();
        CompletableFuture<Allocation> small = acquire("small", 1000, smallReasons);
        await().until(() -> !smallReasons.isEmpty());

        big.cancel(false);

        await().until(small::isDone);
        assertThat(small.join().request().instanceId()).isEqualTo("small");
        assertThat(scheduler.active()).extracting(x -> x.request().instanceId()).containsExactly("small");
    }

    @Test
    void stoppingThePolicyFailsTheExecutionsStillWaiting() {
        queue(NEVER, NEVER);
        List<String> reasons = new CopyOnWriteArrayList<>();
        CompletableFuture<Allocation> waiting = acquire("a", 6000, reasons);
        await().until(() -> !reasons.isEmpty());

        scheduler.close();

        await().until(waiting::isDone);
        assertThat(failureOf(waiting))
                .isInstanceOfSatisfying(
                        SchedulingRefusedException.class,
                        e -> assertThat(e.reason())
                                .isEqualTo("the 'queue' policy stopped while the execution waited; it was blocked:"
                                        + " needs 6000 MB RAM, 5000 MB free"));
        assertThat(failureOf(scheduler.acquire(ram("late", 1)).toCompletableFuture()))
                .isInstanceOf(SchedulingRefusedException.class);
    }
}
