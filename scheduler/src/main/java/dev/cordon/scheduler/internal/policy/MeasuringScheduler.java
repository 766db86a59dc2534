package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import dev.cordon.api.scheduling.SystemMonitor;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the policies that look at the machine share: decisions from the {@link SystemMonitor} less the
 * reservations of running executions, grants made only on one {@link SchedulerThread}, and results handed to
 * callers on another executor, so that a caller's continuation never runs on (and never stalls) that thread.
 *
 * <p>The monitor can be replaced while the policy runs ({@link #useMonitor}): the DS components bind it
 * dynamically and greedily, so a higher-ranked monitor registered later (a monitor plugin) is read from the next
 * decision on, and the reservations of running executions are kept.
 */
abstract class MeasuringScheduler implements ResourceScheduler, AutoCloseable {

    private final String name;
    private final AtomicReference<SystemMonitor> monitor = new AtomicReference<>();
    private final ReservationLedger ledger;
    private final Executor delivery = ForkJoinPool.commonPool();

    /** The thread every grant is made on. */
    protected final SchedulerThread thread;

    /** A policy reading {@code monitor}; {@code null} for a DS component, whose monitor is bound after. */
    MeasuringScheduler(String name, SystemMonitor monitor, Clock clock) {
        this.name = name;
        this.monitor.set(monitor);
        this.ledger = new ReservationLedger(name, clock);
        this.thread = new SchedulerThread("cordon-scheduler-" + name);
    }

    @Override
    public final String policyName() {
        return name;
    }

    @Override
    public final Decision decide(ExecutionRequest request) {
        SystemMonitor current = monitor.get();
        if (current == null) {
            throw new IllegalStateException("the '" + name + "' policy has no system monitor: it reads none until"
                    + " one is registered (the scheduler bundle registers the procfs monitor)");
        }
        return CapacityCheck.decide(request.requirements(), current.host(), Outstanding.of(ledger.active(), current));
    }

    /** Reads the machine through {@code replacement} from the next decision on. */
    protected final void useMonitor(SystemMonitor replacement) {
        monitor.set(replacement);
    }

    /** Forgets {@code gone} unless another monitor has already replaced it. */
    protected final void forgetMonitor(SystemMonitor gone) {
        monitor.compareAndSet(gone, null);
    }

    @Override
    public final void release(Allocation allocation) {
        if (ledger.release(allocation)) {
            released();
        }
    }

    @Override
    public final List<Allocation> active() {
        return ledger.active();
    }

    /** Called after an allocation was released, on the releasing thread. */
    protected void released() {}

    /** Holds the execution's reservation; call only on {@link #thread}, after an allowing decision. */
    protected final Allocation grant(ExecutionRequest request, Decision.Allow decision) {
        return ledger.grant(request, decision);
    }

    /** Hands the allocation to the caller; if the caller has cancelled meanwhile, releases it again. */
    protected final void deliver(CompletableFuture<Allocation> result, Allocation allocation) {
        delivery.execute(() -> {
            if (!result.complete(allocation)) {
                release(allocation);
            }
        });
    }

    /** Completes the caller's stage with a failure. */
    protected final void fail(CompletableFuture<Allocation> result, Throwable failure) {
        delivery.execute(() -> result.completeExceptionally(failure));
    }

    /** A refusal by this policy. */
    protected final SchedulingRefusedException refusal(ExecutionRequest request, String reason, boolean timedOut) {
        return new SchedulingRefusedException(name, request, reason, timedOut);
    }

    /** Stops the thread; executions still holding allocations keep them. */
    @Override
    public void close() {
        thread.close();
    }
}
