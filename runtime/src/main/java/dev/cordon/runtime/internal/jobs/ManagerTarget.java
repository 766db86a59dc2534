package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.CallRetry;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.runtime.internal.manager.DiscoveredPlugin;
import dev.cordon.runtime.internal.manager.Granted;
import dev.cordon.runtime.internal.manager.PluginOperations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The queue's {@link JobTarget} on the runtime's plugin manager. */
final class ManagerTarget implements JobTarget {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagerTarget.class);

    private final PluginOperations ops;
    private final Executor calls;
    private final Supplier<SystemMonitor> monitor;
    private final Supplier<WorkerLauncher> launcher;
    private final BooleanSupplier starting;

    /**
     * A target whose resource snapshots carry no GPU figures (no system monitor is read) and that takes a launcher to
     * be bound: the manager's own check fails the call when none is.
     */
    ManagerTarget(PluginOperations ops, Executor calls) {
        this(ops, calls, () -> null, null, () -> false);
    }

    /** A target that reads GPU figures from {@code monitor} and does not check for a launcher. */
    ManagerTarget(PluginOperations ops, Executor calls, Supplier<SystemMonitor> monitor) {
        this(ops, calls, monitor, null, () -> false);
    }

    /**
     * @param calls runs each job's call, which blocks its thread until the worker answers
     * @param monitor the active system monitor, which reads a worker's GPU; {@code null} while there is none
     * @param launcher the bound worker launcher, {@code null} while there is none; jobs wait for one. A {@code null}
     *     supplier means the target does not check.
     * @param starting whether the runtime is still starting, when a missing launcher is only not there yet
     */
    ManagerTarget(
            PluginOperations ops,
            Executor calls,
            Supplier<SystemMonitor> monitor,
            Supplier<WorkerLauncher> launcher,
            BooleanSupplier starting) {
        this.ops = ops;
        this.calls = calls;
        this.monitor = monitor;
        this.launcher = launcher;
        this.starting = starting;
    }

    @Override
    public Optional<String> unavailable() {
        if (launcher != null && launcher.get() == null) {
            return Optional.of(
                    starting.getAsBoolean()
                            ? "waiting for the worker launcher: the runtime is still starting"
                            : "no worker launcher is available; check the dev.cordon.launcher bundle (cordon:status)");
        }
        return Optional.empty();
    }

    @Override
    public void checkSubmit(String instanceId) {
        Optional<PluginInstance> loaded = ops.instance(instanceId);
        if (loaded.isPresent()) {
            if (!loaded.get().enabled()) {
                throw new PluginDisabledError(instanceId);
            }
            return;
        }
        // Not loaded: a plugin's name is its default instance, loaded when the job runs; anything else is unknown,
        // and spec() says so with the closest names.
        ops.spec(instanceId);
    }

    @Override
    public Optional<InstanceView> instance(String instanceId) {
        return ops.instance(instanceId)
                .map(i -> new InstanceView(
                        i.pluginName(),
                        i.configHash(),
                        i.enabled(),
                        i.maxConcurrentRequests(),
                        // Not the worker's pid: the manager's stats scan the process table, too dear per job.
                        OptionalLong.empty(),
                        ops.meta(i.pluginName())
                                .map(dev.cordon.api.model.PluginMeta::resources)
                                .orElse(dev.cordon.api.model.ResourceRequirements.NONE)));
    }

    @Override
    public CompletableFuture<Object> execute(String instanceId, Call call) {
        return CompletableFuture.supplyAsync(
                () -> {
                    if (ops.instance(instanceId).isEmpty()
                            && ops.plugin(instanceId).isPresent()) {
                        ops.ensureLoaded(instanceId);
                    }
                    return ops.execute(instanceId, call);
                },
                calls);
    }

    @Override
    public CompletableFuture<Object> execute(String instanceId, Call call, Granted granted) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            if (ops.instance(instanceId).isEmpty()
                                    && ops.plugin(instanceId).isPresent()) {
                                ops.ensureLoaded(instanceId);
                            }
                        } catch (RuntimeException e) {
                            granted.release();
                            throw e;
                        }
                        return ops.execute(instanceId, call, granted);
                    },
                    calls);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            granted.release();
            throw e;
        }
    }

    /** Each call runs, and its future completes, on a thread of {@code calls}. */
    @Override
    public boolean endsOnCallThread() {
        return true;
    }

    @Override
    public boolean cancel(String instanceId) {
        return ops.cancel(instanceId);
    }

    @Override
    public CallProgress progress(String instanceId) {
        return ops.progress(instanceId);
    }

    @Override
    public Optional<Map<String, Object>> resourceSnapshot(String instanceId) {
        return ops.stats(instanceId).map(s -> WorkerSnapshot.of(s, monitor.get()));
    }

    @Override
    public void forceStop(String instanceId) {
        ops.stats(instanceId).flatMap(s -> ProcessHandle.of(s.pid())).ifPresent(p -> {
            LOG.info("Stopping worker pid {} of instance {}: its job did not stop when cancelled", p.pid(), instanceId);
            p.destroyForcibly();
        });
    }

    @Override
    public void reload(String instanceId) {
        ops.reload(instanceId);
    }

    @Override
    public boolean retrySafe(String instanceId) {
        String plugin = ops.instance(instanceId).map(PluginInstance::pluginName).orElse(instanceId);
        return ops.plugin(plugin)
                .map(DiscoveredPlugin::manifest)
                .map(m -> !Boolean.FALSE.equals(m.overrides().get("retry_safe")))
                .orElse(true);
    }

    @Override
    public List<String> jobLines(String instanceId, String jobId, int max) {
        return ops.jobLines(instanceId, jobId, max);
    }

    @Override
    public List<String> runnable() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        java.util.Set<String> disabled = new java.util.HashSet<>();
        for (PluginInstance i : ops.instances()) {
            (i.enabled() ? ids : disabled).add(i.instanceId());
        }
        // A plugin built for another platform is discovered but never runs here.
        for (dev.cordon.api.model.PluginMeta p : ops.compatibleWithThisPlatform()) {
            if (!disabled.contains(p.name())) {
                ids.add(p.name());
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public AutoCloseable onRetry(Consumer<CallRetry> listener) {
        return ops.onRetry(listener);
    }
}
