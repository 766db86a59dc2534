package dev.cordon.api.scheduling;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A scheduling policy: decides whether an execution may start, from what it declared it needs and what the
 * machine has free, and holds a reservation for it while it runs.
 *
 * <p>Implementations are services with a {@code policy.name} service property equal to {@link #policyName()};
 * the runtime binds the one its configuration names, or the highest ranked.
 *
 * <p>The life of an execution: {@link #acquire} (which is the start notification: on success the scheduler
 * counts the execution as running and holds its reservation), the execution itself, then {@link #release}
 * (the finish notification), always, also when the execution failed.
 */
public interface ResourceScheduler {

    /** The name this policy is selected by, for example {@code permissive}, {@code safety}, {@code queue}. */
    String policyName();

    /**
     * Whether the execution could start now, counting the reservations of executions already running. Holds
     * nothing. May read the machine's state (procfs, {@code nvidia-smi}), so it blocks briefly; never waits for
     * resources.
     */
    Decision decide(ExecutionRequest request);

    /**
     * Asks to start the execution. Never blocks the caller. The stage completes with an {@link Allocation} once
     * the execution may start, or exceptionally with a {@link SchedulingRefusedException} carrying the block
     * reason when the policy refuses it (at once, or when a wait runs out). While the execution waits, the
     * listener hears each new block reason; it is called on the scheduler's thread and must return quickly.
     *
     * <p>Cancelling the returned stage withdraws the request; an allocation granted after the cancel is released
     * by the scheduler.
     */
    CompletionStage<Allocation> acquire(ExecutionRequest request, BlockListener listener);

    /** {@link #acquire(ExecutionRequest, BlockListener)} without a listener. */
    default CompletionStage<Allocation> acquire(ExecutionRequest request) {
        return acquire(request, BlockListener.NONE);
    }

    /**
     * The execution holding this allocation has finished; its reservation is freed and waiting executions are
     * looked at again. Releasing an allocation twice, or one this scheduler did not grant, does nothing.
     */
    void release(Allocation allocation);

    /** The allocations granted and not yet released, oldest first. */
    List<Allocation> active();

    /** Hears why a waiting execution cannot start yet. */
    @FunctionalInterface
    interface BlockListener {

        /** A listener that ignores every reason. */
        BlockListener NONE = reason -> {};

        /**
         * The execution is blocked, for this reason; called when the execution starts to wait and again each
         * time the reason changes.
         */
        void blockReasonChanged(String reason);
    }
}
