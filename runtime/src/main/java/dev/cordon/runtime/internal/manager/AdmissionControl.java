package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.runtime.internal.journal.Journal;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Admits calls to instances: the instance must be enabled, the scheduling policy must allocate what the plugin
 * declared, and the instance's concurrency cap must have a free slot. When the policy refuses, room is made and the
 * allocation tried again after each step: first the launcher's spare workers are stopped, then idle instances are
 * evicted, least recently used first and, among equally recent ones, the one with the highest measured memory peak.
 */
final class AdmissionControl {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdmissionControl.class);

    /** What an admitted call tells when it finishes: for the resource samples. */
    record Finished(LoadedInstance instance, boolean success, long durationNanos, Map<String, Double> usage) {}

    private final Supplier<ResourceScheduler> scheduler;
    private final Supplier<WorkerLauncher> launcher;
    private final Supplier<EmpiricalResourceStore> resources;
    private final Supplier<List<LoadedInstance>> loaded;
    private final Predicate<LoadedInstance> evict;
    private final Duration wait;
    private final Consumer<Finished> finished;
    private final BiFunction<LoadedInstance, Map<String, Double>, Map<String, Double>> usage;
    private final Supplier<Journal> journal;

    /**
     * @param loaded the instances that are candidates for eviction
     * @param evict stops and forgets one instance; {@code false} when it was gone already
     * @param wait the longest wait for an allocation and for a slot under the cap
     * @param finished hears every admitted call once, when it ends
     * @param usage what the plugin reported with {@code report_usage} during a call that succeeded, given the
     *     instance and what the worker sent with the answer
     */
    AdmissionControl(
            Supplier<ResourceScheduler> scheduler,
            Supplier<WorkerLauncher> launcher,
            Supplier<EmpiricalResourceStore> resources,
            Supplier<List<LoadedInstance>> loaded,
            Predicate<LoadedInstance> evict,
            Duration wait,
            Consumer<Finished> finished,
            BiFunction<LoadedInstance, Map<String, Double>, Map<String, Double>> usage) {
        this(scheduler, launcher, resources, loaded, evict, wait, finished, usage, () -> Journal.OFF);
    }

    /** As the other constructor, recording grants and evictions to {@code journal}. */
    AdmissionControl(
            Supplier<ResourceScheduler> scheduler,
            Supplier<WorkerLauncher> launcher,
            Supplier<EmpiricalResourceStore> resources,
            Supplier<List<LoadedInstance>> loaded,
            Predicate<LoadedInstance> evict,
            Duration wait,
            Consumer<Finished> finished,
            BiFunction<LoadedInstance, Map<String, Double>, Map<String, Double>> usage,
            Supplier<Journal> journal) {
        this.journal = journal;
        this.usage = usage;
        this.scheduler = scheduler;
        this.launcher = launcher;
        this.resources = resources;
        this.loaded = loaded;
        this.evict = evict;
        this.wait = wait;
        this.finished = finished;
    }

    /**
     * Admits one call to {@code s}; the caller must {@link Admission#finish} it, also when the call fails.
     *
     * @throws PluginDisabledError when the instance is disabled
     * @throws RefusedError when the policy refuses even after spares and idle instances are gone
     * @throws PluginTransientError when no policy is active within the wait, or the cap stays full
     */
    Admission admit(LoadedInstance s) {
        if (!s.enabled()) {
            throw new PluginDisabledError(s.id());
        }
        ResourceScheduler policy = awaitPolicy();
        if (policy == null) {
            throw new PluginTransientError("No scheduling policy is active (none came within "
                    + policyWait().toMillis() + " ms), so instance '" + s.id()
                    + "' cannot run; check that the dev.cordon.scheduler bundle is"
                    + " active (cordon:status)");
        }
        return enter(s, policy, allocate(policy, s));
    }

    /**
     * The active policy, waiting up to {@link #policyWait} while there is none: policies are swapped in a running framework
     * (a reconfigured or redeployed policy bundle leaves a moment without one), and a call caught in that moment
     * waits for the next policy instead of failing.
     */
    private Duration policyWait() {
        return wait.compareTo(ServiceWait.MAX) < 0 ? wait : ServiceWait.MAX;
    }

    private ResourceScheduler awaitPolicy() {
        return ServiceWait.await(scheduler, policyWait());
    }

    /**
     * {@link #admit(LoadedInstance)} with an allocation the caller acquired already ({@code null} for none): used as
     * it is when the policy that granted it is still the active one, released otherwise (and the call admitted anew);
     * released too when the call cannot be admitted.
     */
    Admission admit(LoadedInstance s, Granted held) {
        if (held == null) {
            return admit(s);
        }
        ResourceScheduler policy = scheduler.get();
        if (!s.enabled() || policy != held.policy()) {
            held.release();
            return admit(s);
        }
        return enter(s, policy, held.allocation());
    }

    private Admission enter(LoadedInstance s, ResourceScheduler policy, Allocation allocation) {
        journal.get()
                .record(JournalRecord.of(
                        JournalKind.ADMISSION_GRANTED, s.id(), s.pluginName(), Map.of("policy", policy.policyName())));
        try {
            Semaphore slots = s.enter(wait);
            return new Admission(s, policy, allocation, slots, System.nanoTime(), finished, usage);
        } catch (RuntimeException e) {
            policy.release(allocation);
            throw e;
        }
    }

    private Allocation allocate(ResourceScheduler policy, LoadedInstance s) {
        ExecutionRequest request = new ExecutionRequest(
                s.pluginName(),
                s.id(),
                s.plugin().meta().resources(),
                OptionalLong.of(s.handle().pid()));
        try {
            return await(policy, request);
        } catch (SchedulingRefusedException refused) {
            SchedulingRefusedException last = refused;
            WorkerLauncher workers = launcher.get();
            int spares = workers == null ? 0 : workers.stopSpares();
            if (spares > 0) {
                LOG.info("Stopped {} spare worker(s) to make room for {}: {}", spares, s.id(), last.reason());
                try {
                    return await(policy, request);
                } catch (SchedulingRefusedException again) {
                    last = again;
                }
            }
            for (LoadedInstance victim : evictionOrder(s)) {
                LOG.info("Evicting idle instance {} to make room for {}: {}", victim.id(), s.id(), last.reason());
                if (evict.test(victim)) {
                    journal.get()
                            .record(JournalRecord.of(
                                    JournalKind.EVICTION,
                                    victim.id(),
                                    victim.pluginName(),
                                    Map.of("for_instance", s.id(), "reason", String.valueOf(last.reason()))));
                }
                try {
                    return await(policy, request);
                } catch (SchedulingRefusedException again) {
                    last = again;
                }
            }
            journal.get()
                    .record(JournalRecord.of(
                            JournalKind.ADMISSION_BLOCKED, s.id(), s.pluginName(), Map.of("reason", last.reason())));
            throw new RefusedError(last);
        }
    }

    private Allocation await(ResourceScheduler policy, ExecutionRequest request) {
        CompletableFuture<Allocation> f = policy.acquire(request).toCompletableFuture();
        try {
            return f.isDone() ? f.join() : f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CompletionException | ExecutionException e) {
            if (e.getCause() instanceof SchedulingRefusedException r) {
                throw r;
            }
            throw new PluginFatalError(
                    "Scheduling policy '" + policy.policyName() + "' failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new PluginTimeoutError(request.instanceId(), wait.toSeconds(), null);
        } catch (InterruptedException e) {
            f.cancel(false);
            Thread.currentThread().interrupt();
            throw new PluginCancelledError(request.instanceId());
        }
    }

    /** Idle instances other than {@code s}: least recently used first, then the highest measured memory peak. */
    List<LoadedInstance> evictionOrder(LoadedInstance s) {
        EmpiricalResourceStore store = resources.get();
        Map<String, Double> peak = new HashMap<>();
        return loaded.get().stream()
                .filter(i -> i != s && i.inFlight() == 0)
                .sorted(Comparator.comparingLong(LoadedInstance::lastUsedMillis)
                        .thenComparing(i -> -peak.computeIfAbsent(i.id(), k -> measuredPeak(store, i))))
                .toList();
    }

    private static double measuredPeak(EmpiricalResourceStore store, LoadedInstance i) {
        return store == null
                ? 0.0
                : store.get(i.id(), i.config().hash())
                        .map(EmpiricalResourceRecord::memoryMbPeakMax)
                        .orElse(0.0);
    }
}
