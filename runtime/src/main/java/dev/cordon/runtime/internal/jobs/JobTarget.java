package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.CallRetry;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.runtime.internal.manager.Granted;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the queue needs of the plugin manager to run jobs: the instances it runs them on and their workers. The
 * runtime's implementation is {@link ManagerTarget}; a test supplies its own.
 */
interface JobTarget {

    /**
     * Checks that a job may be queued for this id: a loaded, enabled instance, or a discovered plugin whose default
     * instance will be loaded when the job runs.
     *
     * @throws dev.cordon.api.error.PluginDisabledError when the instance is disabled
     * @throws dev.cordon.api.error.PluginNotFoundError when neither an instance nor a plugin has the id
     */
    void checkSubmit(String instanceId);

    /** The loaded instance with this id, as admission sees it; empty when it is not loaded. */
    Optional<InstanceView> instance(String instanceId);

    /** Runs a call on the instance (loading a plugin's default instance first when needed), never on the caller. */
    CompletableFuture<Object> execute(String instanceId, Call call);

    /**
     * Whether the futures of {@link #execute} complete on a thread of the call's own that may block (never a worker
     * connection's I/O thread, nor a thread of the caller's): the queue then writes the job's end on that thread
     * instead of handing it to its finisher thread.
     */
    default boolean endsOnCallThread() {
        return false;
    }

    /**
     * Runs a call under an allocation the queue acquired for it, which the target gives back when the call ends (or
     * cannot start). This default suits a target that admits nothing itself; the manager's hands the allocation to
     * its admission so that the call does not hold two.
     */
    default CompletableFuture<Object> execute(String instanceId, Call call, Granted granted) {
        CompletableFuture<Object> started;
        try {
            started = execute(instanceId, call);
        } catch (RuntimeException e) {
            granted.release();
            throw e;
        }
        return started.whenComplete((result, failure) -> granted.release());
    }

    /** Asks the running call of the instance to stop; {@code false} when the plugin does not support it. */
    boolean cancel(String instanceId);

    /** What the instance's running call last reported. */
    CallProgress progress(String instanceId);

    /** The instance's worker now (pid, CPU, memory), in wire form; empty when it is not loaded. */
    Optional<Map<String, Object>> resourceSnapshot(String instanceId);

    /** Stops the instance's worker process at once, without waiting for its call. */
    void forceStop(String instanceId);

    /** Starts the instance again on a fresh worker with the same config. */
    void reload(String instanceId);

    /**
     * Why no job can start on this host now (a service the calls need is not bound yet, as while the framework
     * starts), or empty when jobs can start.
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /** Whether the plugin lets a job that was interrupted run again ({@code overrides.retry_safe}, default true). */
    boolean retrySafe(String instanceId);

    /** The last {@code max} lines of the instance's log that carry the job's id. */
    List<String> jobLines(String instanceId, String jobId, int max);

    /**
     * The plugin and instance ids this host can run jobs on: its enabled instances and the plugins it discovered.
     * What a cluster host advertises and claims by; a single host never asks.
     */
    default List<String> runnable() {
        return List.of();
    }

    /** Tells {@code listener} of every automatic retry of a call; returns what stops it. */
    AutoCloseable onRetry(Consumer<CallRetry> listener);

    /**
     * A loaded instance as the queue's admission reads it.
     *
     * @param pluginName its plugin
     * @param configHash its config's hash, the key of its measured resource use
     * @param enabled whether it takes calls
     * @param cap its cap on concurrent calls, if any
     * @param workerPid its worker process
     * @param requirements what its plugin declared it needs
     */
    record InstanceView(
            String pluginName,
            String configHash,
            boolean enabled,
            OptionalInt cap,
            OptionalLong workerPid,
            ResourceRequirements requirements) {}
}
