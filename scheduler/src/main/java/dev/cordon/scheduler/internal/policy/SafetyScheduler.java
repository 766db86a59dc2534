package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SystemMonitor;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code safety} policy: an execution starts only if what it declared (a GPU, a minimum of free RAM, a
 * minimum of free VRAM) fits in what the {@link SystemMonitor} reports free, less what executions already
 * running still hold in reserve; otherwise it is refused at once with the reason
 * ({@code needs 8000 MB VRAM, 1200 MB free on GPU 0}). It never waits.
 *
 * <p>Selected by the service property {@code policy.name=safety} (ranking 20, below {@code permissive}), for
 * example with the target filter {@code (policy.name=safety)} on the consumer's scheduler reference.
 * Decisions are made one at a time on the thread {@code cordon-scheduler-safety}, so two executions never
 * both take the same free memory. The machine is read through the highest-ranked {@link SystemMonitor}: one
 * registered later (a monitor plugin) replaces the current one from the next decision on.
 */
@Component(
        service = ResourceScheduler.class,
        property = {"policy.name=" + SafetyScheduler.NAME, "service.ranking:Integer=20"})
public final class SafetyScheduler extends MeasuringScheduler {

    /** The policy name. */
    public static final String NAME = "safety";

    /** The component: its monitor is bound right after construction, and rebound when a higher-ranked appears. */
    @Activate
    public SafetyScheduler() {
        this(null, Clock.systemUTC());
    }

    /** A safety policy reading the machine through this monitor. */
    public SafetyScheduler(SystemMonitor monitor) {
        this(monitor, Clock.systemUTC());
    }

    /** A safety policy stamping allocations with this clock. */
    public SafetyScheduler(SystemMonitor monitor, Clock clock) {
        super(NAME, monitor, clock);
    }

    /**
     * Decides on the scheduler's thread; completes with the allocation, with a
     * {@link dev.cordon.api.scheduling.SchedulingRefusedException} when the execution does not fit, or with the
     * monitor's own failure when the machine cannot be read. The listener is not called: nothing waits.
     */
    @Override
    public CompletionStage<Allocation> acquire(ExecutionRequest request, BlockListener listener) {
        CompletableFuture<Allocation> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    Decision decision = decide(request);
                    if (decision instanceof Decision.Allow allow) {
                        deliver(result, grant(request, allow));
                    } else {
                        fail(result, refusal(request, ((Decision.Block) decision).reason(), false));
                    }
                } catch (RuntimeException e) {
                    fail(result, e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(refusal(request, "the '" + NAME + "' policy has stopped", false));
        }
        return result;
    }

    /** The highest-ranked monitor (or the one {@code monitor.target} selects), swapped in without restarting. */
    @Reference(
            name = "monitor",
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindMonitor")
    void bindMonitor(SystemMonitor monitor) {
        useMonitor(monitor);
    }

    void unbindMonitor(SystemMonitor monitor) {
        forgetMonitor(monitor);
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
    }
}
