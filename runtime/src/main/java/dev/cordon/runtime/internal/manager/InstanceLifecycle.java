package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerExit;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.PluginConfigRecord;
import dev.cordon.manifest.Manifest;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.StatusWord;
import dev.cordon.runtime.internal.journal.Journal;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The loaded instances and their lives: start (config → environment → launch → drift check → {@code /initialize}),
 * replace (a fresh worker with the same id, enabled flag and cap), stop, and the {@code on_enable}/{@code on_disable}
 * hooks. Concurrent starts of one id share one start; any failure after the launch stops the worker before the error
 * is thrown.
 */
final class InstanceLifecycle {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InstanceLifecycle.class);

    /** What a replacement keeps of the instance it replaces. */
    record Carried(boolean enabled, OptionalInt cap) {}

    private final ManagerSettings settings;
    private final HostServices services;
    private final ConfigRules rules;
    private final DriftCheck drift;
    private final ProxyTransport transport;
    private final Executor hooks;
    private final Map<String, LoadedInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<LoadedInstance>> loading = new ConcurrentHashMap<>();
    private final Function<String, RuntimeException> missing;
    private volatile boolean closed;

    /**
     * @param missing the error for an id that is not loaded: not loaded, or no such plugin at all
     */
    InstanceLifecycle(
            ManagerSettings settings,
            HostServices services,
            ConfigRules rules,
            DriftCheck drift,
            ProxyTransport transport,
            Executor hooks,
            Function<String, RuntimeException> missing) {
        this.missing = missing;
        this.settings = settings;
        this.services = services;
        this.rules = rules;
        this.drift = drift;
        this.transport = transport;
        this.hooks = hooks;
    }

    /** The loaded instance {@code id}, if any. */
    Optional<LoadedInstance> find(String id) {
        return Optional.ofNullable(instances.get(id));
    }

    /**
     * The loaded instance {@code id}.
     *
     * @throws PluginNotLoadedError when it is not loaded; {@link dev.cordon.api.error.PluginNotFoundError} when no
     *     plugin has that name either
     */
    LoadedInstance require(String id) {
        LoadedInstance s = instances.get(id);
        if (s == null) {
            throw missing.apply(id);
        }
        return s;
    }

    /** The error for an id that is not loaded (see {@link #require}). */
    RuntimeException missing(String id) {
        return missing.apply(id);
    }

    /** Every loaded instance, sorted by id. */
    List<LoadedInstance> all() {
        return instances.values().stream()
                .sorted(Comparator.comparing(LoadedInstance::id))
                .toList();
    }

    /**
     * Starts the instance {@code id}, or returns it when it is loaded.
     *
     * @param explicitConfig a config given by the caller; otherwise the persisted one (default instance) or empty
     * @param carried what a replacement keeps; otherwise the persisted enabled flag and the manifest's cap
     */
    LoadedInstance start(
            DiscoveredPlugin plugin,
            String id,
            Optional<Map<String, Object>> explicitConfig,
            Optional<Carried> carried) {
        if (closed) {
            throw new PluginTransientError("The plugin manager is shutting down; instance '" + id + "' not loaded");
        }
        // A config given for an instance that is loaded already is still validated: a bad one is an error, always.
        explicitConfig.ifPresent(config -> rules.effective(plugin, config));
        while (true) {
            LoadedInstance existing = instances.get(id);
            if (existing != null) {
                if (!existing.pluginName().equals(plugin.name())) {
                    throw new PluginInputError(
                            "Instance id '" + id + "' is already used by plugin '" + existing.pluginName()
                                    + "'; choose another id",
                            List.of("instance_id"),
                            null);
                }
                return existing;
            }
            CompletableFuture<LoadedInstance> mine = new CompletableFuture<>();
            CompletableFuture<LoadedInstance> other = loading.putIfAbsent(id, mine);
            if (other != null) {
                try {
                    other.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r
                            ? r
                            : new PluginFatalError(String.valueOf(e.getCause()), e.getCause());
                }
                continue;
            }
            try {
                LoadedInstance s = instances.get(id);
                if (s == null) {
                    s = spawn(plugin, id, explicitConfig, carried);
                    instances.put(id, s);
                }
                mine.complete(s);
                return s;
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                loading.remove(id, mine);
            }
        }
    }

    private LoadedInstance spawn(
            DiscoveredPlugin plugin,
            String id,
            Optional<Map<String, Object>> explicitConfig,
            Optional<Carried> carried) {
        // 1. The config, validated before anything starts.
        Manifest manifest = plugin.manifest();
        String name = plugin.name();
        Optional<PluginConfigRecord> stored = id.equals(name) ? rules.stored(name) : Optional.empty();
        Map<String, Object> given = explicitConfig.orElseGet(
                () -> stored.map(r -> ConfigRules.storedConfig(name, r)).orElse(Map.of()));
        InstanceConfig config = rules.effective(plugin, given);
        boolean enabled = carried.map(Carried::enabled)
                .orElseGet(() -> stored.map(r -> r.enabled()).orElse(true));
        OptionalInt cap = carried.map(Carried::cap).orElseGet(() -> ConfigRules.capOf(manifest));
        // 2. The environment and the launch.
        // A launcher bundle starting or reconfigured a moment after this one: waited for, briefly.
        WorkerLauncher launcher = ServiceWait.await(services.launcher(), ServiceWait.MAX);
        if (launcher == null) {
            throw new PluginTransientError("No worker launcher is available to start plugin '" + name
                    + "' (none came within " + ServiceWait.MAX.toSeconds()
                    + " s); check that the dev.cordon.launcher bundle is active (cordon:status)");
        }
        Map<String, String> env =
                WorkerEnvironment.resolve(manifest, services.secrets().get());
        WorkerHandle handle = launcher.launch(
                new PluginLoadSpec(name, plugin.file(), Optional.of(id), false, Optional.of(config.values())),
                new LaunchOptions(id, env, settings.logsDir().resolve(id + ".log"), settings.startTimeout()));
        Journal journal = services.journalNow();
        journal.record(JournalRecord.of(
                JournalKind.WORKER_SPAWNED,
                id,
                name,
                Map.of(
                        "pid",
                        Long.toString(handle.pid()),
                        "runtime",
                        handle.runtime().name())));
        // Every spawned worker's end is recorded, also when its initialisation fails below.
        handle.onExit()
                .thenAccept(exit -> services.journalNow()
                        .record(JournalRecord.of(JournalKind.WORKER_EXITED, id, name, exitDetail(exit))));
        if (handle.fromSpare()) {
            journal.record(
                    JournalRecord.of(JournalKind.SPARE_TAKEN, id, name, Map.of("pid", Long.toString(handle.pid()))));
        }
        // 3. Drift check and initialisation; a failure stops the worker.
        WorkerClient client = null;
        try {
            client = new WorkerClient(handle, id, transport, 8);
            if (settings.driftDetection()) {
                drift.check(plugin, client);
            }
            client.call(Endpoint.INITIALIZE, config.values(), settings.startTimeout());
            LOG.info("Loaded instance {} of plugin {} (worker pid {}, {})", id, name, handle.pid(), handle.url());
            journal.record(JournalRecord.of(
                    JournalKind.WORKER_READY,
                    id,
                    name,
                    Map.of("pid", Long.toString(handle.pid()), "url", String.valueOf(handle.url()))));
            journal.record(
                    JournalRecord.of(JournalKind.CONFIG_APPLIED, id, name, Map.of("config_hash", config.hash())));
            handle.onExit().thenAccept(exit -> {
                if (exit.unexpected()) {
                    LOG.warn(
                            "Worker pid {} of instance {} ended on its own: {} ({}); its next call starts a fresh"
                                    + " worker",
                            exit.pid(),
                            id,
                            exit.describe(),
                            exit.cause());
                }
            });
            return new LoadedInstance(
                    id, plugin, handle, client, config, enabled, cap, Clock.systemUTC(), this::runDisableHook);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            handle.stop(settings.stopGrace());
            throw e instanceof PluginError pe
                    ? pe
                    : new PluginFatalError("Loading instance '" + id + "' of plugin '" + name + "' failed: " + e, e);
        }
    }

    /**
     * Replaces an instance's worker with a fresh one, keeping its id, enabled flag and cap; with {@code newConfig}
     * the fresh worker starts with it. The config is validated before the old worker goes, so a bad config leaves the
     * instance running.
     */
    LoadedInstance replace(LoadedInstance old, Optional<Map<String, Object>> newConfig) {
        Carried carried = new Carried(old.enabled(), old.maxConcurrent());
        synchronized (old) {
            LoadedInstance current = instances.get(old.id());
            if (current != old) {
                return current != null
                        ? current
                        : start(old.plugin(), old.id(), Optional.of(old.config().values()), Optional.of(carried));
            }
            Map<String, Object> config = newConfig.orElse(old.config().values());
            rules.effective(old.plugin(), config);
            instances.remove(old.id(), old);
            stop(old);
            return start(old.plugin(), old.id(), Optional.of(config), Optional.of(carried));
        }
    }

    /** Stops and forgets an instance; {@code false} when it was not loaded. */
    boolean unload(String id) {
        LoadedInstance s = instances.remove(id);
        if (s == null) {
            return false;
        }
        stop(s);
        LOG.info("Unloaded instance {}", id);
        return true;
    }

    /** Stops and forgets exactly this instance, unless it was replaced or unloaded meanwhile. */
    boolean evict(LoadedInstance s) {
        if (!instances.remove(s.id(), s)) {
            return false;
        }
        stop(s);
        return true;
    }

    /** The journal to record to now. */
    Journal journal() {
        return services.journalNow();
    }

    /** What a journal record tells about a worker's end: pid, cause, and the exit code or signal when known. */
    static Map<String, String> exitDetail(WorkerExit exit) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("pid", Long.toString(exit.pid()));
        detail.put("cause", exit.cause().name().toLowerCase(Locale.ROOT));
        exit.exitCode().ifPresent(c -> detail.put("exit_code", Integer.toString(c)));
        exit.signal().ifPresent(s -> detail.put("signal", Integer.toString(s)));
        return detail;
    }

    /** Refuses further starts; the instances still loaded are unloaded by the caller. */
    void close() {
        closed = true;
    }

    private void stop(LoadedInstance s) {
        try {
            s.client().close();
        } finally {
            s.handle().stop(settings.stopGrace());
        }
    }

    /** Runs a lifecycle hook ({@code /on_enable}, {@code /on_disable}); a failure is logged, never thrown. */
    void hook(LoadedInstance s, Endpoint endpoint) {
        try {
            Object answer = s.client().call(endpoint, null, settings.callTimeout());
            if (answer instanceof Map<?, ?> m && StatusWord.ERROR.in(m)) {
                LOG.warn("Hook {} of instance {} failed: {}", endpoint.path(), s.id(), m.get("detail"));
            }
        } catch (PluginError e) {
            LOG.warn("Hook {} of instance {} failed: {}", endpoint.path(), s.id(), e.getMessage());
        }
    }

    private void runDisableHook(LoadedInstance s) {
        hooks.execute(() -> {
            if (!s.handle().isAlive()) {
                return;
            }
            hook(s, Endpoint.ON_DISABLE);
            s.onDisableRan();
        });
    }
}
