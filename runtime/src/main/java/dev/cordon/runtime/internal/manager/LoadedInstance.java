package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running instance: its worker, client and the state the execute path updates. The call gate counts in-flight
 * calls, applies the concurrency cap and defers the {@code on_disable} hook until the last in-flight call ends.
 */
final class LoadedInstance {

    final String id;
    final DiscoveredPlugin plugin;
    final Path manifestFile;
    final WorkerHandle handle;
    final WorkerClient client;
    volatile Map<String, Object> config;
    volatile String configHash;
    final Instant createdAt;
    private volatile boolean enabled;
    private volatile long lastExecutedMillis;
    private volatile Instant onDisableRanAt;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean pendingDisable = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Semaphore cap;
    private volatile OptionalInt maxConcurrent;
    private final java.util.function.Consumer<LoadedInstance> disableHook;

    LoadedInstance(String id, DiscoveredPlugin plugin, Path manifestFile, WorkerHandle handle, WorkerClient client,
            Map<String, Object> config, String configHash, boolean enabled, OptionalInt maxConcurrent,
            java.util.function.Consumer<LoadedInstance> disableHook) {
        this.disableHook = disableHook;
        this.id = id;
        this.plugin = plugin;
        this.manifestFile = manifestFile;
        this.handle = handle;
        this.client = client;
        this.config = config;
        this.configHash = configHash;
        this.createdAt = Instant.now();
        this.enabled = enabled;
        setCap(maxConcurrent);
    }

    String pluginName() {
        return plugin.name();
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
        return maxConcurrent;
    }

    long lastUsedMillis() {
        return lastExecutedMillis != 0 ? lastExecutedMillis : createdAt.toEpochMilli();
    }

    void setCap(OptionalInt max) {
        maxConcurrent = max;
        cap = max.isPresent() ? new Semaphore(max.getAsInt(), true) : null;
    }

    /**
     * Admits one call: waits for a free slot under the cap (at most {@code wait}), counts it in flight, then checks
     * the enabled flag again so that no call slips past a disable that happened meanwhile.
     */
    Semaphore enter(Duration wait) {
        if (!enabled) {
            throw new PluginDisabledError(id);
        }
        Semaphore slots = cap;
        if (slots != null) {
            boolean got;
            try {
                got = slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PluginTransientError("Interrupted while waiting for a free slot of instance '" + id + "'");
            }
            if (!got) {
                throw new PluginTransientError("Instance '" + id + "' stayed at its cap of " + maxConcurrent.getAsInt()
                        + " concurrent calls for " + wait.toSeconds() + " s; retry later or raise the cap", 1.0, null);
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
        lastExecutedMillis = System.currentTimeMillis();
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

    /** The worker took a new config in place. */
    void reconfigured(Map<String, Object> newConfig, String newHash) {
        config = newConfig;
        configHash = newHash;
    }

    void onDisableRan() {
        onDisableRanAt = Instant.now();
    }

    PluginInstance view() {
        long last = lastExecutedMillis;
        return new PluginInstance(id, pluginName(), config, configHash, enabled, createdAt,
                last == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last)), maxConcurrent);
    }
}
