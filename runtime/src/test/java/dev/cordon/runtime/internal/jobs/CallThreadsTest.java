package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallThreadsTest {

    private final AtomicInteger n = new AtomicInteger();
    private final CallThreads calls = new CallThreads(r -> {
        Thread t = new Thread(r, "test-call-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() throws InterruptedException {
        calls.shutdownNow();
        assertThat(calls.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theFirstCallStartedByACallThreadRunsNextOnThatThreadAfterItsTask() throws Exception {
        CompletableFuture<String> next = new CompletableFuture<>();
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        calls.execute(() -> {
            first.complete(Thread.currentThread().getName());
            calls.execute(() -> {
                order.add("next");
                next.complete(Thread.currentThread().getName());
            });
            order.add("first ends");
        });
        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(first.get(5, TimeUnit.SECONDS));
        assertThat(order).containsExactly("first ends", "next");
    }

    @Test
    void furtherCallsStartedByTheSameTaskRunInParallelOnOtherThreads() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        calls.execute(() -> {
            for (int i = 0; i < 2; i++) {
                calls.execute(() -> {
                    bothRunning.countDown();
                    await(release);
                });
            }
            ran.complete(await(bothRunning, 1));
        });
        // Only the kept call waits for this task to end: while it runs, just the other call has started.
        assertThat(ran.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    void aCallKeptAfterAFailingTaskStillRuns() throws Exception {
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        calls.execute(() -> {
            calls.execute(() -> next.complete(true));
            throw new IllegalStateException("task failed after starting a call");
        });
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aStoppedExecutorRefusesCalls() {
        calls.shutdownNow();
        assertThatThrownBy(() -> calls.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    private static void await(CountDownLatch latch) {
        await(latch, 5);
    }

    private static boolean await(CountDownLatch latch, int seconds) {
        try {
            return latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
