package dev.cordon.runtime.internal.manager;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.ResourceScheduler;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A call admitted to an instance: it holds an allocation of the scheduling policy and, under a cap, a slot.
 * {@link #finish} gives both back exactly once, however often it is called.
 */
final class Admission {

    private final LoadedInstance instance;
    private final ResourceScheduler scheduler;
    private final Allocation allocation;
    private final Semaphore slots;
    private final long startNanos;
    private final Consumer<AdmissionControl.Finished> finished;
    private final BiFunction<LoadedInstance, Map<String, Double>, Map<String, Double>> usage;
    private volatile Supplier<Map<String, Double>> carried = Map::of;
    private final AtomicBoolean done = new AtomicBoolean();

    Admission(
            LoadedInstance instance,
            ResourceScheduler scheduler,
            Allocation allocation,
            Semaphore slots,
            long startNanos,
            Consumer<AdmissionControl.Finished> finished,
            BiFunction<LoadedInstance, Map<String, Double>, Map<String, Double>> usage) {
        this.usage = usage;
        this.instance = instance;
        this.scheduler = scheduler;
        this.allocation = allocation;
        this.slots = slots;
        this.startNanos = startNanos;
        this.finished = finished;
    }

    /** The admitted instance. */
    LoadedInstance instance() {
        return instance;
    }

    /**
     * Where the usage the worker sent with the call's answer is found once the call has ended (a unary answer's
     * header, a stream's trailer).
     */
    void carried(Supplier<Map<String, Double>> source) {
        this.carried = source;
    }

    /**
     * Ends the call: takes what the plugin reported with {@code report_usage} (after a success, while the slot is
     * still held: from the answer, or read from a worker that does not send it with its answers before it resets
     * it for the next call), frees the slot, then the allocation, then reports the call; only the first call
     * counts.
     */
    void finish(boolean success) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        long duration = System.nanoTime() - startNanos;
        Map<String, Double> reported = Map.of();
        try {
            reported = success ? usage.apply(instance, carried.get()) : Map.of();
        } finally {
            release();
        }
        finished.accept(new AdmissionControl.Finished(instance, success, duration, reported));
    }

    private void release() {
        try {
            instance.exit(slots);
        } finally {
            scheduler.release(allocation);
        }
    }
}
