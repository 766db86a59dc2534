package dev.cordon.scheduler.internal.policy;

import static dev.cordon.scheduler.internal.policy.ControllableMonitor.gpu;
import static dev.cordon.scheduler.internal.policy.Requests.needing;
import static dev.cordon.scheduler.internal.policy.Requests.onWorker;
import static dev.cordon.scheduler.internal.policy.Requests.ram;
import static dev.cordon.scheduler.internal.policy.Requests.vram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import java.time.Clock;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SafetySchedulerTest {

    private final ControllableMonitor monitor = new ControllableMonitor();
    private final SafetyScheduler scheduler = new SafetyScheduler(monitor, Clock.systemUTC());

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private Allocation acquire(ExecutionRequest request) {
        return scheduler.acquire(request).toCompletableFuture().join();
    }

    @Test
    void refusesAGpuPluginOnAMachineWithoutGpu() {
        assertThat(scheduler.decide(needing("a", true, null, null)))
                .isEqualTo(new Decision.Block("needs a GPU, no GPU detected"));
        assertThat(scheduler.decide(vram("b", 2000)))
                .isEqualTo(new Decision.Block("needs 2000 MB VRAM, no GPU detected"));
    }

    @Test
    void refusesWhenTheDeclaredVramExceedsTheFreeVramAndSaysWhere() {
        monitor.gpus(gpu(0, 24_000, 1200));

        assertThat(scheduler.decide(vram("a", 8000)))
                .isEqualTo(new Decision.Block("needs 8000 MB VRAM, 1200 MB free on GPU 0"));
        assertThatThrownBy(() -> acquire(vram("a", 8000)))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(SchedulingRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("needs 8000 MB VRAM, 1200 MB free on GPU 0");
                    assertThat(e.policy()).isEqualTo("safety");
                    assertThat(e.timedOut()).isFalse();
                    assertThat(e.getMessage()).contains("plugin-a", "instance 'a'", "8000 MB VRAM");
                });
        assertThat(scheduler.active()).isEmpty();
    }

    @Test
    void refusesWhenTheDeclaredRamExceedsTheFreeRam() {
        monitor.ram(16_000, 3000);

        assertThat(scheduler.decide(ram("a", 4000))).isEqualTo(new Decision.Block("needs 4000 MB RAM, 3000 MB free"));
        assertThat(scheduler.decide(ram("a", 3000)).allowed()).isTrue();
    }

    @Test
    void countsItAgainstTheGpuWithTheMostFreeMemory() {
        monitor.gpus(gpu(0, 24_000, 2000), gpu(1, 24_000, 20_000));

        Allocation allocation = acquire(vram("a", 8000));

        assertThat(allocation.gpuIndex()).isEqualTo(OptionalInt.of(1));
        assertThat(allocation.reservedVramMb()).isEqualTo(8000);
    }

    @Test
    void countsTheReservationsOfRunningExecutions() {
        monitor.ram(16_000, 5000);
        Allocation first = acquire(ram("a", 3000));

        assertThat(scheduler.decide(ram("b", 3000)))
                .isEqualTo(new Decision.Block(
                        "needs 3000 MB RAM, 2000 MB free (3000 MB more held for 1 running execution)"));
        assertThatThrownBy(() -> acquire(ram("b", 3000))).hasCauseInstanceOf(SchedulingRefusedException.class);

        scheduler.release(first);
        assertThat(acquire(ram("b", 3000)).reservedRamMb()).isEqualTo(3000);
    }

    @Test
    void doesNotCountMemoryTwiceOnceTheWorkerHoldsIt() {
        monitor.gpus(gpu(0, 24_000, 10_000));
        acquire(onWorker(vram("a", 8000), 4242));
        assertThat(scheduler.decide(vram("b", 8000)).allowed()).isFalse();

        // The worker has now taken 6000 of its 8000 MB: the GPU shows 4000 MB free, 2000 MB stay reserved.
        monitor.worker(4242, 100, 6000).gpus(gpu(0, 24_000, 4000));

        assertThat(scheduler.decide(vram("b", 2000)).allowed()).isTrue();
        assertThat(scheduler.decide(vram("b", 2001)))
                .isEqualTo(new Decision.Block(
                        "needs 2001 MB VRAM, 2000 MB free on GPU 0 (2000 MB more held for 1 running execution)"));
    }

    @Test
    void refusesAVramQuantityWhenNoGpuReportsItsFreeMemory() {
        monitor.gpus(new GpuInfo(
                0,
                "GPU-0",
                "NVIDIA",
                "Old GPU",
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalDouble.empty()));

        assertThat(scheduler.decide(vram("a", 1000)))
                .isEqualTo(new Decision.Block("needs 1000 MB VRAM, no GPU reports its free memory"));
        assertThat(scheduler.decide(needing("b", true, null, null))).isEqualTo(new Decision.Allow(OptionalInt.of(0)));
    }

    @Test
    void allowsAPluginThatDeclaresNothing() {
        monitor.ram(16_000, 0);

        assertThat(acquire(needing("a", false, null, null)).reservedRamMb()).isZero();
    }

    @Test
    void aMonitorBoundLaterIsReadFromTheNextDecisionOnAndRunningReservationsStay() {
        Allocation running = acquire(ram("running", 1000));
        ControllableMonitor plugin = new ControllableMonitor().ram(16_000, 1500);

        scheduler.bindMonitor(plugin);
        scheduler.unbindMonitor(monitor);

        assertThat(scheduler.decide(ram("b", 1000)))
                .isEqualTo(new Decision.Block(
                        "needs 1000 MB RAM, 500 MB free (1000 MB more held for 1 running" + " execution)"));
        scheduler.release(running);
        assertThat(scheduler.decide(ram("b", 1000))).isEqualTo(Decision.Allow.ANY);
    }

    @Test
    void unbindingAMonitorAlreadyReplacedKeepsTheReplacement() {
        ControllableMonitor plugin = new ControllableMonitor().ram(16_000, 10);
        scheduler.bindMonitor(plugin);
        scheduler.unbindMonitor(monitor);
        scheduler.unbindMonitor(monitor);

        assertThat(scheduler.decide(ram("a", 100))).isEqualTo(new Decision.Block("needs 100 MB RAM, 10 MB free"));
    }

    @Test
    void aComponentWithoutAMonitorSaysSoInsteadOfFailingObscurely() {
        SafetyScheduler unbound = new SafetyScheduler();
        try {
            assertThatThrownBy(() -> unbound.decide(ram("a", 100)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no system monitor");
        } finally {
            unbound.close();
        }
    }
}
