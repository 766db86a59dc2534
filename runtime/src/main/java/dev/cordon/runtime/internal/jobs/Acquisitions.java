package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import dev.cordon.runtime.internal.manager.Granted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * The pending jobs that wait for the scheduling policy to grant their allocation
 * ({@link ResourceScheduler#acquire}). While one waits, each block reason the policy's {@code BlockListener} tells is
 * written to the job and published as {@code BLOCK_REASON_CHANGED}; a grant is queued for the dispatcher, which starts
 * the job under it; a refusal leaves the job pending with the refusal's reason, asked again at a later dispatch pass.
 * A waiting job counts against its lane, its instance and the global limit as a running one does, so that no other
 * job takes the room it waits for. Listener calls and outcomes are handled on {@code handler}, never on the policy's
 * thread.
 */
final class Acquisitions {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Acquisitions.class);

    /** A job granted its allocation, for the dispatcher to start. */
    record Ready(Job job, Granted granted) {}

    private record Waiting(Job job, CompletableFuture<Allocation> stage) {}

    private final Map<String, Waiting> byId = new ConcurrentHashMap<>();
    private final Queue<Ready> ready = new ConcurrentLinkedQueue<>();
    private final Executor handler;
    private final BiConsumer<String, String> blocked;
    private final Runnable wake;

    /**
     * @param handler where block reasons and outcomes are handled, one at a time
     * @param blocked writes and publishes a new block reason of a pending job, given its id and the reason
     * @param wake asks the dispatcher for a pass, when a grant is ready
     */
    Acquisitions(Executor handler, BiConsumer<String, String> blocked, Runnable wake) {
        this.handler = handler;
        this.blocked = blocked;
        this.wake = wake;
    }

    /**
     * Asks {@code policy} for the job's allocation: returns it when granted at once; otherwise the job waits (its
     * grant is {@link #takeReady taken} later) or was refused at once (its reason is written on this thread).
     */
    Optional<Granted> acquire(Job job, ResourceScheduler policy, ExecutionRequest request) {
        CompletableFuture<Allocation> stage = policy.acquire(request, reason -> handle(() -> blocked(job, reason)))
                .toCompletableFuture();
        if (stage.isDone()) {
            Optional<Allocation> now = outcome(job, policy, stage);
            return now.map(a -> new Granted(policy, a));
        }
        byId.put(job.id(), new Waiting(job, stage));
        stage.whenComplete((allocation, failure) -> handle(() -> ended(job, policy, stage)));
        return Optional.empty();
    }

    private void ended(Job job, ResourceScheduler policy, CompletableFuture<Allocation> stage) {
        Optional<Allocation> granted = outcome(job, policy, stage);
        if (granted.isEmpty()) {
            byId.remove(job.id());
            return;
        }
        if (byId.containsKey(job.id())) {
            ready.add(new Ready(job, new Granted(policy, granted.get())));
            wake.run();
        } else {
            // Withdrawn (the job was cancelled) just as it was granted.
            policy.release(granted.get());
        }
    }

    /** The allocation of a completed stage; a refusal or failure is written as the job's block reason. */
    private Optional<Allocation> outcome(Job job, ResourceScheduler policy, CompletableFuture<Allocation> stage) {
        try {
            return Optional.of(stage.join());
        } catch (CancellationException e) {
            return Optional.empty();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SchedulingRefusedException refused) {
                blocked(job, refused.reason());
            } else {
                LOG.warn(
                        "Scheduling policy {} failed on job {}: {}",
                        policy.policyName(),
                        job.id(),
                        String.valueOf(e.getCause()));
                blocked(job, "scheduling policy '" + policy.policyName() + "' failed: " + e.getCause());
            }
            return Optional.empty();
        }
    }

    private void blocked(Job job, String reason) {
        try {
            blocked.accept(job.id(), reason);
        } catch (RuntimeException e) {
            LOG.warn("Cannot record why job {} waits ({}): {}", job.id(), reason, e.toString());
        }
    }

    private void handle(Runnable task) {
        try {
            handler.execute(task);
        } catch (RejectedExecutionException e) {
            // The queue is closing: what the policy says now changes nothing.
        }
    }

    /** The grants that arrived since the last call; each job still counts as waiting until {@link #done}. */
    List<Ready> takeReady() {
        List<Ready> taken = new ArrayList<>();
        for (Ready r; (r = ready.poll()) != null; ) {
            taken.add(r);
        }
        return taken;
    }

    /** The job has started (or was found not pending): it no longer waits. */
    void done(String jobId) {
        byId.remove(jobId);
    }

    /** Whether the job waits for its allocation. */
    boolean waiting(String jobId) {
        return byId.containsKey(jobId);
    }

    /** Withdraws the job's request, when it waits; an allocation granted meanwhile is released. */
    void withdraw(String jobId) {
        Waiting w = byId.remove(jobId);
        if (w != null) {
            w.stage().cancel(false);
        }
    }

    /** Withdraws every request and releases the grants nobody started. */
    void close() {
        List.copyOf(byId.keySet()).forEach(this::withdraw);
        takeReady().forEach(r -> r.granted().release());
    }

    int size() {
        return byId.size();
    }

    int inLane(String lane) {
        return (int)
                byId.values().stream().filter(w -> w.job().lane().equals(lane)).count();
    }

    int onInstance(String instanceId) {
        return (int) byId.values().stream()
                .filter(w -> w.job().pluginInstanceId().equals(instanceId))
                .count();
    }
}
