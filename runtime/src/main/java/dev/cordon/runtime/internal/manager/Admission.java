package dev.cordon.runtime.internal.manager;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.ResourceScheduler;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

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
    private final Function<LoadedInstance, Map<String, Double>> usage;
    private final AtomicBoolean done = new AtomicBoolean();

    Admission(
            LoadedInstance instance,
            ResourceScheduler scheduler,
            Allocation allocation,
            Semaphore slots,
            long startNanos,
            Consumer<AdmissionControl.Finished> finished,
            Function<LoadedInstance, Map<String, Double>> usage) {
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
     * Ends the call: reads what the plugin reported with {@code report_usage} (after a success, while the slot is
     * still held, before the worker resets it for the next call), frees the slot, then the allocation, then reports
     * the call; only the first call counts.
     */
    void finish(boolean success) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        long duration = System.nanoTime() - startNanos;
        Map<String, Double> reported = Map.of();
        try {
            reported = success ? usage.apply(instance) : Map.of();
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
