package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One running instance: its worker and client, and the state of its calls. Every change of state is one of its
 * methods: the call gate ({@link #enter}/{@link #exit}) counts in-flight calls, applies the concurrency cap and defers
 * the {@code on_disable} hook until the last in-flight call ends; the config and the cap are each one immutable value
 * swapped whole.
 */
final class LoadedInstance {

    /** The concurrency cap and the slots that enforce it, swapped together. */
    private record Cap(OptionalInt max, Semaphore slots) {
        static Cap of(OptionalInt max) {
            return new Cap(max, max.isPresent() ? new Semaphore(max.getAsInt(), true) : null);
        }
    }

    private final String id;
    private final DiscoveredPlugin plugin;
    private final WorkerHandle handle;
    private final WorkerClient client;
    private final Clock clock;
    private final Instant createdAt;
    private final Consumer<LoadedInstance> disableHook;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean pendingDisable = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile InstanceConfig config;
    private volatile Cap cap;
    private volatile boolean enabled;
    private volatile long lastExecutedMillis;
    private volatile long cancelAskedNanos = Long.MIN_VALUE;
    private volatile Instant onDisableRanAt;

    /**
     * @param clock tells when the instance was created and when its calls finish (the order of eviction)
     * @param disableHook runs {@code on_disable}; called once per disable, when no call is in flight any more
     */
    LoadedInstance(
            String id,
            DiscoveredPlugin plugin,
            WorkerHandle handle,
            WorkerClient client,
            InstanceConfig config,
            boolean enabled,
            OptionalInt maxConcurrent,
            Clock clock,
            Consumer<LoadedInstance> disableHook) {
        this.clock = clock;
        this.createdAt = clock.instant();
        this.id = id;
        this.plugin = plugin;
        this.handle = handle;
        this.client = client;
        this.config = config;
        this.enabled = enabled;
        this.cap = Cap.of(maxConcurrent);
        this.disableHook = disableHook;
    }

    String id() {
        return id;
    }

    DiscoveredPlugin plugin() {
        return plugin;
    }

    String pluginName() {
        return plugin.name();
    }

    WorkerHandle handle() {
        return handle;
    }

    WorkerClient client() {
        return client;
    }

    InstanceConfig config() {
        return config;
    }

    Instant createdAt() {
        return createdAt;
    }

    boolean enabled() {
        return enabled;
    }

    int inFlight() {
        return inFlight.get();
    }

    int calls() {
        return calls.get();
    }

    boolean disablePending() {
        return pendingDisable.get();
    }

    Optional<Instant> onDisableRanAt() {
        return Optional.ofNullable(onDisableRanAt);
    }

    OptionalInt maxConcurrent() {
        return cap.max();
    }

    /** Someone asked the worker to cancel what its plugin runs ({@code cordon:cancel}, the job queue). */
    void cancelAsked() {
        cancelAskedNanos = System.nanoTime();
    }

    /** Whether a cancel was asked at or after {@code nanos} ({@link System#nanoTime}). */
    boolean cancelAskedSince(long nanos) {
        long asked = cancelAskedNanos;
        return asked != Long.MIN_VALUE && asked - nanos >= 0;
    }

    /** When a call last finished, else when the instance was created: the order of eviction. */
    long lastUsedMillis() {
        long last = lastExecutedMillis;
        return last != 0 ? last : createdAt.toEpochMilli();
    }

    /** Sets or clears the cap; calls admitted under the old cap finish under it. */
    void setCap(OptionalInt max) {
        cap = Cap.of(max);
    }

    /** The worker took a new config in place. */
    void reconfigured(InstanceConfig newConfig) {
        config = newConfig;
    }

    /**
     * Admits one call: waits for a free slot under the cap (at most {@code wait}), counts it in flight, then checks
     * the enabled flag again so that no call slips past a disable that happened meanwhile.
     *
     * @return the slots to hand back to {@link #exit} ({@code null} when there is no cap)
     */
    Semaphore enter(Duration wait) {
        if (!enabled) {
            throw new PluginDisabledError(id);
        }
        Cap current = cap;
        Semaphore slots = current.slots();
        if (slots != null) {
            boolean got;
            try {
                got = slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginTransientError("Interrupted while waiting for a free slot of instance '" + id + "'");
            }
            if (!got) {
                throw new PluginTransientError(
                        "Instance '" + id + "' stayed at its cap of "
                                + current.max().getAsInt() + " concurrent calls for " + wait.toSeconds()
                                + " s; retry later or raise the cap",
                        1.0,
                        null);
            }
        }
        inFlight.incrementAndGet();
        if (!enabled) {
            leave(slots);
            throw new PluginDisabledError(id);
        }
        return slots;
    }

    /** Ends one call admitted by {@link #enter}; the last call out runs a deferred {@code on_disable}. */
    void exit(Semaphore slots) {
        calls.incrementAndGet();
        lastExecutedMillis = clock.millis();
        leave(slots);
    }

    private void leave(Semaphore slots) {
        // Uncount before freeing the slot: the next call takes the slot and counts itself, so the in-flight count
        // never shows more calls than the cap lets run.
        int left = inFlight.decrementAndGet();
        if (slots != null) {
            slots.release();
        }
        if (left == 0 && pendingDisable.compareAndSet(true, false)) {
            disableHook.accept(this);
        }
    }

    /** Refuses new calls; runs {@code on_disable} now when no call is in flight, else when the last one ends. */
    void disable() {
        enabled = false;
        pendingDisable.set(true);
        if (inFlight.get() == 0 && pendingDisable.compareAndSet(true, false)) {
            disableHook.accept(this);
        }
    }

    /** Accepts calls again; a deferred {@code on_disable} that has not run yet is dropped. */
    void enable() {
        pendingDisable.set(false);
        enabled = true;
    }

    void onDisableRan() {
        onDisableRanAt = Instant.now();
    }

    /** The public view of this instance. */
    PluginInstance view() {
        long last = lastExecutedMillis;
        InstanceConfig c = config;
        return new PluginInstance(
                id,
                pluginName(),
                c.values(),
                c.hash(),
                enabled,
                createdAt,
                last == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last)),
                cap.max());
    }
}
