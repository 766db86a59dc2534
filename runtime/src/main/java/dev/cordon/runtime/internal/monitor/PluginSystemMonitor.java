package dev.cordon.runtime.internal.monitor;

import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.scheduling.GpuProcess;
import dev.cordon.api.scheduling.HostResources;
import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.manager.PluginOperations;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SystemMonitor} that reads the machine through a loaded monitor plugin: a plugin in the original
 * {@code MonitorPlugin} shape, answering {@code /get_system_status} ({@link SystemStats}) and
 * {@code /list_processes} ({@link ProcessStats}).
 *
 * <p>Active only while the configuration {@value #PID} exists ({@code etc/dev.cordon.monitor.plugin.cfg}):
 * <ul>
 *   <li>{@code plugin.name} (required): the discovered plugin to read;</li>
 *   <li>{@code instance.id} (default: the plugin name, its default instance);</li>
 *   <li>{@code load} (default {@code true}): load the instance when it is not loaded, now and whenever it is
 *       found gone (a failed load is tried again after {@code retry.interval.ms}); an instance this component
 *       loaded is unloaded when the configuration is removed;</li>
 *   <li>{@code timeout.ms} (default 2000): the longest one request to the plugin may take;</li>
 *   <li>{@code retry.interval.ms} (default 10000): after a failure, how long the procfs monitor answers alone
 *       before the plugin is asked again, so a failing plugin costs a decision one timeout at most per interval;</li>
 *   <li>{@code service.ranking} (default 100, above the procfs monitor's 0) and {@code fallback.target} (default
 *       {@code (monitor.name=procfs)}), the monitor used for what the plugin does not report and when it fails.</li>
 * </ul>
 *
 * <p>The plugin reports RAM and GPUs. What the original shape has no field for comes from the fallback monitor of
 * the same machine: a worker's process tree, memory and CPU ({@link #processUsage}, with the plugin's GPU memory
 * for the pids of the tree), and the CPU count and load averages unless the plugin adds {@code cpu_count} and
 * {@code load_average}.
 *
 * <p>Failure never stalls a scheduler and never invents figures: the plugin is called on its worker directly,
 * outside admission (a decision is what calls it), each request bounded by {@code timeout.ms}; when the instance
 * is not loaded, is disabled, is not a monitor ({@code 404}: logged at ERROR), times out, dies or answers a
 * malformed document, the fallback monitor's reading is returned and the reason logged once, and once again when
 * the plugin answers again. {@link #problem()} says what is wrong meanwhile.
 *
 * <p>Immediate: with {@code load = true} the instance is loaded as soon as the configuration is there, not at the
 * first reading (a {@code serve} that schedules nothing would otherwise never load it). A load that failed because
 * no worker launcher was there yet (the launcher's bundle starts later) is tried again when one arrives.
 */
@Component(
        service = SystemMonitor.class,
        configurationPid = PluginSystemMonitor.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        property = {"monitor.name=plugin", "service.ranking:Integer=100", "fallback.target=(monitor.name=procfs)"})
public final class PluginSystemMonitor implements SystemMonitor {

    /** The configuration PID. */
    public static final String PID = "dev.cordon.monitor.plugin";

    private static final Logger LOG = LoggerFactory.getLogger(PluginSystemMonitor.class);
    private static final String LOADING = "not loaded yet (loading)";

    /** The DS configuration; property names are the method names with {@code _} read as {@code .}. */
    public @interface Config {
        /** The discovered plugin to read; required. */
        String plugin_name();

        /** The instance to read; empty means the plugin's default instance (its name). */
        String instance_id() default "";

        /** Whether to load the instance when it is not loaded. */
        boolean load() default true;

        /** The longest one request to the plugin may take, in milliseconds. */
        long timeout_ms() default 2000;

        /** How long the fallback answers alone after a failure, in milliseconds. */
        long retry_interval_ms() default 10_000;
    }

    private final PluginOperations host;
    private final SystemMonitor fallback;
    private final String pluginName;
    private final String instanceId;
    private final boolean load;
    private final long retryNanos;
    private final MonitorCalls calls;
    private final Clock clock = Clock.systemUTC();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private CompletableFuture<PluginInstance> loading;
    /** Guarded by {@link #lock}. */
    private boolean loadedHere;
    /** Set at deactivation, so a read still in flight starts no worker nobody would stop; guarded by {@link #lock}. */
    private boolean closed;
    /** Why the last load failed; guarded by {@link #lock}. */
    private String loadFailure;
    /** {@link System#nanoTime} from which a failed load is tried again; guarded by {@link #lock}. */
    private long loadAgainAt;
    /** {@link System#nanoTime} from which the plugin is asked again. */
    private volatile long askAgainAt = System.nanoTime();

    private volatile String problem;

    /**
     * The component.
     *
     * @param host the plugin manager whose instance is read
     * @param fallback the monitor for what the plugin does not report, and for when it fails
     * @throws IllegalArgumentException if the configuration names no plugin or has a bad number
     */
    @Activate
    public PluginSystemMonitor(
            @Reference(name = "host") PluginOperations host,
            @Reference(name = "fallback") SystemMonitor fallback,
            Config config) {
        this.host = host;
        this.fallback = fallback;
        this.pluginName =
                config.plugin_name() == null ? "" : config.plugin_name().strip();
        if (pluginName.isEmpty()) {
            throw new IllegalArgumentException("The configuration " + PID + " has no plugin.name: set it to the"
                    + " name of a discovered monitor plugin, for example plugin.name = py-monitor");
        }
        this.instanceId = config.instance_id().isBlank()
                ? pluginName
                : config.instance_id().strip();
        if (config.timeout_ms() < 1 || config.retry_interval_ms() < 0) {
            throw new IllegalArgumentException("The configuration " + PID + " needs timeout.ms >= 1 and"
                    + " retry.interval.ms >= 0, got " + config.timeout_ms() + " and " + config.retry_interval_ms());
        }
        this.load = config.load();
        this.retryNanos = Duration.ofMillis(config.retry_interval_ms()).toNanos();
        this.calls = new MonitorCalls(Duration.ofMillis(config.timeout_ms()));
        LOG.info("System monitor: reading {}; the fallback monitor answers for what it does not report", describe());
        if (host.instance(instanceId).isEmpty()) {
            notLoaded();
        }
    }

    /**
     * A worker launcher arrived: a load that is due, or that failed (for want of a launcher, typically), starts now
     * rather than at the next reading or after {@code retry.interval.ms}.
     */
    @Reference(
            name = "launcher",
            service = WorkerLauncher.class,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "launcherGone")
    void launcherArrived(ServiceReference<WorkerLauncher> launcher) {
        String reason;
        synchronized (lock) {
            if (!load || closed || host.instance(instanceId).isPresent()) {
                return;
            }
            loadAgainAt = System.nanoTime();
            reason = startLoadIfDue();
        }
        LOG.info("System monitor: a worker launcher is there; {}", reason);
    }

    void launcherGone(ServiceReference<WorkerLauncher> launcher) {
        // Nothing to undo: a loaded instance keeps its worker, and a later load waits for the next launcher.
    }

    /** {@code plugin 'x' (instance 'y')}. */
    public String describe() {
        return "plugin '" + pluginName + "'"
                + (instanceId.equals(pluginName) ? "" : " (instance '" + instanceId + "')");
    }

    /** Why the fallback answers instead of the plugin now; empty while the plugin answers. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public HostResources host() {
        Optional<SystemStats> read = read(Endpoint.GET_SYSTEM_STATUS, SystemStats::parse);
        if (read.isEmpty()) {
            return fallback.host();
        }
        SystemStats stats = read.get();
        int cpus = stats.cpuCount().orElse(Runtime.getRuntime().availableProcessors());
        List<Double> load = stats.loadAverage();
        if (load.isEmpty()) {
            // The original shape has no load averages: those of this machine, which the plugin measures too.
            HostResources local = fallback.host();
            load = List.of(local.loadAverage1m(), local.loadAverage5m(), local.loadAverage15m());
        }
        return new HostResources(
                clock.instant(),
                stats.ramTotalMb(),
                stats.ramAvailableMb(),
                OptionalLong.empty(),
                cpus,
                load.get(0),
                load.get(1),
                load.get(2),
                stats.gpus());
    }

    @Override
    public Optional<ProcessUsage> processUsage(long pid) {
        Optional<ProcessUsage> local = fallback.processUsage(pid);
        if (local.isEmpty()) {
            return local;
        }
        Optional<List<GpuProcess>> gpu = read(Endpoint.LIST_PROCESSES, ProcessStats::parse);
        if (gpu.isEmpty()) {
            return local;
        }
        ProcessUsage usage = local.get();
        Set<Long> tree = Set.copyOf(usage.pids());
        return Optional.of(new ProcessUsage(
                pid,
                usage.pids(),
                usage.rssMb(),
                usage.cpuPercent(),
                gpu.get().stream().filter(p -> tree.contains(p.pid())).toList()));
    }

    @Override
    public List<GpuProcess> gpuProcesses() {
        return read(Endpoint.LIST_PROCESSES, ProcessStats::parse).orElseGet(fallback::gpuProcesses);
    }

    private <T> Optional<T> read(Endpoint endpoint, BiFunction<Object, String, T> parse) {
        if (System.nanoTime() - askAgainAt < 0) {
            return Optional.empty();
        }
        Optional<WorkerClient> client = host.unscheduledClient(instanceId);
        if (client.isEmpty()) {
            if (host.instance(instanceId).isPresent()) {
                failed(false, "instance '" + instanceId + "' is disabled");
            } else {
                notLoaded();
            }
            return Optional.empty();
        }
        String source = describe() + " " + endpoint.path();
        try {
            T value = parse.apply(calls.fetch(client.get(), endpoint), source);
            answered();
            return Optional.of(value);
        } catch (MonitorCalls.NotAMonitorPlugin e) {
            failed(true, describe() + " is not a monitor plugin: " + e.getMessage());
        } catch (RuntimeException e) {
            failed(true, source + " failed: " + e.getMessage());
        }
        return Optional.empty();
    }

    private void failed(boolean backOff, String reason) {
        if (backOff) {
            askAgainAt = System.nanoTime() + retryNanos;
        }
        if (!reason.equals(problem)) {
            problem = reason;
            String message = "System monitor: using the fallback monitor, " + reason
                    + (backOff
                            ? "; asking the plugin again in "
                                    + Duration.ofNanos(retryNanos).toMillis() + " ms"
                            : "");
            if (reason.contains("is not a monitor plugin")) {
                LOG.error(message);
            } else if (reason.endsWith(LOADING)) {
                LOG.info(message);
            } else {
                LOG.warn(message);
            }
        }
    }

    private void answered() {
        if (problem != null) {
            problem = null;
            LOG.info("System monitor: {} answers again", describe());
        }
    }

    /** Records why the instance cannot be read, starting a load when one is due. */
    private void notLoaded() {
        String reason;
        synchronized (lock) {
            reason = startLoadIfDue();
        }
        failed(false, reason);
    }

    /**
     * Starts loading the instance unless loading is off, already running, or failed less than
     * {@code retry.interval.ms} ago; returns why the instance cannot be read meanwhile. Call with {@link #lock}.
     */
    private String startLoadIfDue() {
        if (closed) {
            return "this monitor has stopped";
        }
        if (loading != null && !loading.isDone()) {
            return "instance '" + instanceId + "' is " + LOADING;
        }
        if (loadFailure != null && System.nanoTime() - loadAgainAt < 0) {
            return loadFailure;
        }
        if (!load) {
            return "instance '" + instanceId + "' is not loaded, and load = false: load it, or set load = true";
        }
        PluginLoadSpec spec;
        try {
            PluginLoadSpec base = host.spec(pluginName);
            spec = instanceId.equals(pluginName)
                    ? base
                    : new PluginLoadSpec(pluginName, base.manifest(), Optional.of(instanceId), false, Optional.empty());
        } catch (RuntimeException e) {
            return loadFailed("plugin '" + pluginName + "' cannot be loaded: " + e.getMessage());
        }
        loadedHere = true;
        loading = host.loadAsync(spec);
        loading.whenComplete((instance, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                synchronized (lock) {
                    failed(false, loadFailed("loading " + describe() + " failed: " + cause.getMessage()));
                }
            }
        });
        return "instance '" + instanceId + "' is " + LOADING;
    }

    /** Remembers a failed load, not tried again for {@code retry.interval.ms}; returns the reason. */
    private String loadFailed(String reason) {
        loadFailure = reason;
        loadAgainAt = System.nanoTime() + retryNanos;
        return reason;
    }

    /** Unloads the instance if this component loaded it; a load still running is unloaded when it ends. */
    @Deactivate
    void deactivate() {
        CompletableFuture<PluginInstance> started;
        synchronized (lock) {
            closed = true;
            if (!loadedHere || loading == null) {
                return;
            }
            started = loading;
        }
        if (started.isDone()) {
            unloadQuietly();
        } else {
            started.whenComplete((instance, failure) -> unloadQuietly());
        }
    }

    private void unloadQuietly() {
        try {
            if (host.unload(instanceId)) {
                LOG.info("System monitor: unloaded {}, which it had loaded", describe());
            }
        } catch (RuntimeException e) {
            LOG.warn("System monitor: could not unload {}: {}", describe(), e.toString());
        }
    }
}
