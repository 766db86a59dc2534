package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.api.host.PluginBinding;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.model.PluginMeta;
import dev.cordon.api.model.WorkerEnvStatus;
import dev.cordon.api.plugin.ConfigOption;
import dev.cordon.api.plugin.FieldOptions;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestException;
import dev.cordon.manifest.Manifests;
import dev.cordon.manifest.config.ConfigValidator;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.StatusWord;
import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.proxy.ChunkIterator;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The plugin manager: discovery, the lifecycle of instances, and the execute path. A plain object (the DS component
 * {@link PluginManagerComponent} is one with services bound from the framework); {@link #close()} stops every worker.
 *
 * <p>Load: resolve the instance id → validate the config before anything starts (explicit, else persisted for the
 * default instance, else empty; over schema defaults; strict unless configured otherwise) → resolve the worker
 * environment (secrets included) → launch → drift check → {@code /initialize} → registered. Any failure after the
 * launch stops the worker before the error is thrown.
 *
 * <p>Execute: instance loaded? enabled? → scheduler allocation (on refusal, the launcher's spare workers are stopped,
 * then idle instances are evicted least recently used first, then the costliest measured, retrying after each) → the instance's concurrency cap → the call → release,
 * always. A resource error replaces the worker and retries, up to {@link ManagerSettings#maxRetries()}, telling the
 * {@link RetryObserver}s. A sample per call goes to a queue that a background thread measures and writes.
 */
public class PluginHost implements PluginManager, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PluginHost.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long progress and cancel requests, which a worker answers at once, may take. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);

    private final ManagerSettings settings;
    private final HostServices services;
    private final PluginCatalog catalog;
    private final ProxyTransport transport;
    private final SampleRecorder recorder;
    private final ExecutorService executor;
    private final Map<String, LoadedInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<LoadedInstance>> loading = new ConcurrentHashMap<>();
    private final List<RetryObserver> retryObservers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** A host with its own I/O threads; call {@link #discover()} to read the manifest folders. */
    public PluginHost(ManagerSettings settings, HostServices services) {
        this.settings = settings;
        this.services = services;
        this.catalog = new PluginCatalog(settings.searchPaths(), settings.deployDir());
        this.transport = new ProxyTransport(2);
        this.recorder = new SampleRecorder(services.resources(), services.monitor());
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cordon-manager-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The settings in use. */
    public ManagerSettings settings() {
        return settings;
    }

    // ---- discovery ----------------------------------------------------------------------------------------

    @Override
    public List<PluginMeta> discover() {
        return catalog.scan().stream().map(DiscoveredPlugin::meta).toList();
    }

    @Override
    public List<PluginMeta> discovered() {
        return catalog.plugins().stream().map(DiscoveredPlugin::meta).toList();
    }

    /** Every discovered plugin with its manifest file. */
    public List<DiscoveredPlugin> discoveredPlugins() {
        return catalog.plugins();
    }

    /** The manifest files the last scan skipped, with the reason. */
    public List<DiscoveryProblem> discoveryProblems() {
        return catalog.problems();
    }

    @Override
    public Optional<PluginMeta> meta(String pluginName) {
        return catalog.get(pluginName).map(DiscoveredPlugin::meta);
    }

    /** The discovered plugin called {@code pluginName}, with its manifest. */
    public Optional<DiscoveredPlugin> plugin(String pluginName) {
        return catalog.get(pluginName);
    }

    @Override
    public List<PluginMeta> byDomain(String domain) {
        return filter(m -> m.taxonomy().map(t -> t.domain().equals(domain)).orElse(false));
    }

    @Override
    public List<PluginMeta> byRole(String role) {
        return filter(m -> m.taxonomy().map(t -> t.role().equals(role)).orElse(false));
    }

    /** Discovered plugins whose category label (for example {@code Speech To Text}) is {@code category}. */
    public List<PluginMeta> byCategory(String category) {
        return filter(m -> m.category().equalsIgnoreCase(category));
    }

    @Override
    public Optional<PluginMeta> canonicalForRole(String role) {
        return catalog.canonicalFor(role).map(DiscoveredPlugin::meta);
    }

    @Override
    public List<PluginMeta> compatibleWithThisPlatform() {
        String platform = thisPlatform();
        return filter(m -> m.resources().platforms().isEmpty() || m.resources().platforms().contains(platform));
    }

    /** This machine's platform in the manifests' spelling, for example {@code linux-x64}. */
    public static String thisPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("win") ? "win" : os.contains("mac") || os.contains("darwin") ? "darwin" : "linux";
        String a = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
        return o + "-" + a;
    }

    private List<PluginMeta> filter(java.util.function.Predicate<PluginMeta> test) {
        return catalog.plugins().stream().map(DiscoveredPlugin::meta).filter(test).toList();
    }

    /** Whether {@code file} is a manifest of the deploy folder (for the live installer). */
    public boolean isDeployManifest(Path file) {
        return catalog.isDeployManifest(file);
    }

    /** A manifest appeared or changed in the deploy folder: rediscover; a loaded plugin keeps its worker. */
    public void deployed(Path file) {
        catalog.deployed(file);
        LOG.info("Discovered deploy manifest {}", file);
    }

    /** A manifest left the deploy folder: its plugin's instances are unloaded and the plugin forgotten. */
    public void undeployed(Path file) {
        catalog.undeployed(file).ifPresent(name -> {
            for (LoadedInstance s : List.copyOf(instances.values())) {
                if (s.pluginName().equals(name)) {
                    unload(s.id);
                }
            }
            LOG.info("Forgot plugin {}: its manifest {} left the deploy folder", name, file);
        });
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    /** A load spec for the default instance of a discovered plugin. */
    public PluginLoadSpec spec(String pluginName) {
        return PluginLoadSpec.of(pluginName, discoveredOrThrow(pluginName).file());
    }

    /** Loads the default instance of a discovered plugin unless it is loaded; returns it. */
    public PluginInstance ensureLoaded(String pluginName) {
        LoadedInstance s = instances.get(pluginName);
        return s != null ? s.view() : load(spec(pluginName));
    }

    @Override
    public PluginInstance load(PluginLoadSpec spec) {
        DiscoveredPlugin plugin = resolve(spec);
        String id = spec.instanceId().orElseGet(() -> spec.newInstance() ? generatedId(plugin.name()) : plugin.name());
        if (!PluginInstance.ID_PATTERN.matcher(id).matches()) {
            throw new PluginInputError("Instance id '" + id + "' is invalid: use 1 to 64 letters, digits, '_' or '-'",
                    List.of("instance_id"), null);
        }
        return start(plugin, id, spec.config(), Optional.empty(), Optional.empty()).view();
    }

    /** {@link #load} on the manager's threads. */
    public CompletableFuture<PluginInstance> loadAsync(PluginLoadSpec spec) {
        return CompletableFuture.supplyAsync(() -> load(spec), executor);
    }

    @Override
    public CompletableFuture<List<LoadOutcome>> loadAll(List<PluginLoadSpec> specs) {
        Semaphore cap = settings.loadConcurrency() > 0 ? new Semaphore(settings.loadConcurrency()) : null;
        List<CompletableFuture<LoadOutcome>> all = new ArrayList<>();
        for (PluginLoadSpec spec : specs) {
            all.add(CompletableFuture.supplyAsync(() -> {
                if (cap != null) {
                    cap.acquireUninterruptibly();
                }
                try {
                    return new LoadOutcome(spec, Optional.of(load(spec)), Optional.empty());
                } catch (RuntimeException e) {
                    return new LoadOutcome(spec, Optional.empty(), Optional.of(e));
                } finally {
                    if (cap != null) {
                        cap.release();
                    }
                }
            }, executor));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }

    @Override
    public boolean unload(String instanceId) {
        LoadedInstance s = instances.remove(instanceId);
        if (s == null) {
            return false;
        }
        stop(s);
        LOG.info("Unloaded instance {}", instanceId);
        return true;
    }

    /** {@link #unload} on the manager's threads. */
    public CompletableFuture<Boolean> unloadAsync(String instanceId) {
        return CompletableFuture.supplyAsync(() -> unload(instanceId), executor);
    }

    @Override
    public void unloadAll() {
        unloadAllAsync().join();
    }

    /** Stops every instance concurrently; completes when all are stopped. */
    public CompletableFuture<Void> unloadAllAsync() {
        List<CompletableFuture<Boolean>> all = instances.keySet().stream().map(this::unloadAsync).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    @Override
    public PluginInstance reload(String instanceId) {
        return replace(require(instanceId), Optional.empty()).view();
    }

    @Override
    public Optional<PluginInstance> instance(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId)).map(LoadedInstance::view);
    }

    @Override
    public List<PluginInstance> instances() {
        return instances.values().stream().map(LoadedInstance::view)
                .sorted(Comparator.comparing(PluginInstance::instanceId)).toList();
    }

    /**
     * The worker client of a loaded, enabled instance, for calls made outside admission and scheduling: the
     * plugin-backed system monitor reads through it from inside a scheduling decision, where going through the
     * scheduler again would wait on itself. Empty when the instance is not loaded or is disabled.
     */
    public Optional<WorkerClient> unscheduledClient(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId)).filter(LoadedInstance::enabled).map(s -> s.client);
    }

    /** The live state of a loaded instance: its worker, calls and hooks. */
    public Optional<InstanceStats> stats(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId)).map(InstanceStats::of);
    }

    /**
     * What the running (or last) call of an instance reported, read from its worker at once; the worker resets it at
     * the start of every call.
     *
     * @throws PluginNotLoadedError when no such instance is loaded
     */
    public CallProgress progress(String instanceId) {
        Object answer = require(instanceId).client.call(Endpoint.PROGRESS, null, CONTROL_TIMEOUT);
        Map<?, ?> m = answer instanceof Map<?, ?> map ? map : Map.of();
        return new CallProgress(m.get("progress") instanceof Number n ? n.doubleValue() : 0.0,
                m.get("message") instanceof String s ? s : "");
    }

    /**
     * Asks the call running on an instance to stop. Cancellation is cooperative: the call then fails with a
     * {@link dev.cordon.api.error.PluginCancelledError} at the plugin's next check; a cancel while nothing runs is
     * forgotten when the next call starts.
     *
     * @return whether the plugin took the request ({@code false}: it does not support cancellation or its hook
     *     failed, which is logged)
     * @throws PluginNotLoadedError when no such instance is loaded
     */
    public boolean cancel(String instanceId) {
        Object answer = require(instanceId).client.call(Endpoint.CANCEL, null, CONTROL_TIMEOUT);
        boolean cancelled = StatusWord.CANCELLED.in(answer);
        if (!cancelled) {
            LOG.warn("Cancel of instance {} was not taken: {}", instanceId, answer);
        }
        return cancelled;
    }

    /** Sets or clears (empty) an instance's cap on concurrent calls. */
    public PluginInstance setMaxConcurrentRequests(String instanceId, OptionalInt max) {
        if (max.isPresent() && max.getAsInt() < 1) {
            throw new PluginInputError("A concurrency cap must be at least 1, got " + max.getAsInt(),
                    List.of("max_concurrent_requests"), null);
        }
        LoadedInstance s = require(instanceId);
        s.setCap(max);
        return s.view();
    }

    @Override
    public boolean enable(String instanceId) {
        LoadedInstance s = require(instanceId);
        if (s.enabled()) {
            return false;
        }
        s.enable();
        hook(s, Endpoint.ON_ENABLE);
        persist(s, s.config, true);
        return true;
    }

    @Override
    public boolean disable(String instanceId) {
        LoadedInstance s = require(instanceId);
        if (!s.enabled()) {
            return false;
        }
        persist(s, s.config, false);
        s.disable();
        return true;
    }

    /** Adds an observer of reactive retries. */
    public void addRetryObserver(RetryObserver observer) {
        retryObservers.add(observer);
    }

    /** Removes an observer of reactive retries. */
    public void removeRetryObserver(RetryObserver observer) {
        retryObservers.remove(observer);
    }

    private DiscoveredPlugin resolve(PluginLoadSpec spec) {
        Path file = spec.manifest().toAbsolutePath().normalize();
        Optional<DiscoveredPlugin> known = catalog.get(spec.pluginName()).filter(p -> p.file().equals(file));
        if (known.isPresent()) {
            return known.get();
        }
        try {
            Manifest manifest = Manifests.read(file);
            List<dev.cordon.manifest.ManifestProblem> problems = Manifests.validate(manifest);
            if (!problems.isEmpty()) {
                throw new ManifestException(file.toString(), problems);
            }
            if (!manifest.code().name().equals(spec.pluginName())) {
                throw new PluginInputError("Manifest " + file + " defines plugin '" + manifest.code().name()
                        + "', not '" + spec.pluginName() + "'", List.of("plugin_name"), null);
            }
            return new DiscoveredPlugin(Manifests.toMeta(manifest), manifest, file, false);
        } catch (IOException e) {
            throw new PluginInputError("Cannot read manifest " + file + " of plugin '" + spec.pluginName() + "': "
                    + e.getMessage(), List.of("manifest"), e);
        } catch (ManifestException e) {
            throw new PluginInputError(e.getMessage(), List.of("manifest"), e);
        }
    }

    private DiscoveredPlugin discoveredOrThrow(String pluginName) {
        return catalog.get(pluginName).orElseThrow(() -> new PluginInputError("No plugin named '" + pluginName
                + "' is discovered; put its manifest into " + settings.searchPaths() + " or "
                + settings.deployDir() + " (cordon:plugins lists the discovered ones)", List.of("plugin"), null));
    }

    private static String generatedId(String name) {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        String base = name.length() > 57 ? name.substring(0, 57) : name;
        return base + "-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Starts (or returns, when it exists) the instance {@code id}. Concurrent loads of one id share one start.
     *
     * @param explicitConfig a config given by the caller
     * @param enabledOverride the enabled flag to keep across a replacement
     * @param capOverride the cap to keep across a replacement
     */
    private LoadedInstance start(DiscoveredPlugin plugin, String id, Optional<Map<String, Object>> explicitConfig,
            Optional<Boolean> enabledOverride, Optional<OptionalInt> capOverride) {
        if (closed) {
            throw new PluginTransientError("The plugin manager is shutting down; instance '" + id + "' not loaded");
        }
        while (true) {
            LoadedInstance existing = instances.get(id);
            if (existing != null) {
                if (!existing.pluginName().equals(plugin.name())) {
                    throw new PluginInputError("Instance id '" + id + "' is already used by plugin '"
                            + existing.pluginName() + "'; choose another id", List.of("instance_id"), null);
                }
                return existing;
            }
            CompletableFuture<LoadedInstance> mine = new CompletableFuture<>();
            CompletableFuture<LoadedInstance> other = loading.putIfAbsent(id, mine);
            if (other != null) {
                try {
                    other.join();
                } catch (CompletionException e) {
                    throw unwrap(e.getCause());
                }
                continue;
            }
            try {
                LoadedInstance s = instances.get(id);
                if (s == null) {
                    s = spawn(plugin, id, explicitConfig, enabledOverride, capOverride);
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

    private LoadedInstance spawn(DiscoveredPlugin plugin, String id, Optional<Map<String, Object>> explicitConfig,
            Optional<Boolean> enabledOverride, Optional<OptionalInt> capOverride) {
        Manifest manifest = plugin.manifest();
        String name = plugin.name();
        boolean isDefault = id.equals(name);
        ConfigStore store = services.configs().get();
        Optional<dev.cordon.api.store.PluginConfigRecord> stored = isDefault && store != null
                ? store.get(name) : Optional.empty();
        Map<String, Object> given = explicitConfig.orElseGet(() -> stored.map(r -> storedConfig(name, r.configJson()))
                .orElse(Map.of()));
        Map<String, Object> effective = effectiveConfig(plugin, given);
        boolean enabled = enabledOverride.orElseGet(() -> stored.map(r -> r.enabled()).orElse(true));
        OptionalInt cap = capOverride.orElseGet(() -> capOf(manifest));

        WorkerLauncher launcher = services.launcher().get();
        if (launcher == null) {
            throw new PluginTransientError("No worker launcher is available to start plugin '" + name
                    + "'; check that the dev.cordon.launcher bundle is active (cordon:status)");
        }
        Map<String, String> env = WorkerEnvironment.resolve(manifest, services.secrets().get());
        WorkerHandle handle = launcher.launch(
                new PluginLoadSpec(name, plugin.file(), Optional.of(id), false, Optional.of(effective)),
                new LaunchOptions(id, env, settings.logsDir().resolve(id + ".log"), settings.startTimeout()));
        WorkerClient client = null;
        try {
            client = new WorkerClient(handle, id, transport, 8);
            if (settings.driftDetection()) {
                checkDrift(plugin, manifest, client);
            }
            client.call(Endpoint.INITIALIZE, effective, settings.startTimeout());
            LoadedInstance s = new LoadedInstance(id, plugin, plugin.file(), handle, client, effective,
                    CanonicalJson.hashOf(effective), enabled, cap, this::runDisableHook);
            LOG.info("Loaded instance {} of plugin {} (worker pid {}, {})", id, name,
                    handle.pid(), handle.url());
            return s;
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            handle.stop(settings.stopGrace());
            throw e instanceof PluginError pe ? pe
                    : new PluginFatalError("Loading instance '" + id + "' of plugin '" + name + "' failed: " + e, e);
        }
    }

    private Map<String, Object> effectiveConfig(DiscoveredPlugin plugin, Map<String, Object> given) {
        Map<String, Object> schema = plugin.manifest().code().configSchema();
        if (schema == null || schema.isEmpty()) {
            return new LinkedHashMap<>(given);
        }
        Map<String, Object> valid = ConfigValidator.validate(given, schema,
                settings.strictConfig() ? ConfigValidator.UnknownKeys.REJECT : ConfigValidator.UnknownKeys.DROP);
        return ConfigValidator.withDefaults(valid, schema);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> storedConfig(String name, String json) {
        Object value = PlainJson.parse(json);
        if (!(value instanceof Map)) {
            throw new PluginInputError("The stored config of plugin '" + name + "' is not a JSON object; fix it with"
                    + " cordon:config " + name + " '{...}'", List.of("config"), null);
        }
        return (Map<String, Object>) value;
    }

    private static OptionalInt capOf(Manifest manifest) {
        Object cap = manifest.overrides().get("max_concurrent_requests");
        return cap instanceof Number n && n.intValue() > 0 ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
    }

    @SuppressWarnings("unchecked")
    private void checkDrift(DiscoveredPlugin plugin, Manifest manifest, WorkerClient client) {
        String recorded = manifest.configSchemaHash();
        if (recorded == null || recorded.isEmpty()) {
            // A manifest without drift_tracking has nothing to compare with: no drift can be told.
            catalog.drift(plugin.name(), null);
            return;
        }
        Object live = client.call(Endpoint.CONFIG_SCHEMA, null, settings.startTimeout());
        Map<String, Object> schema = live instanceof Map ? (Map<String, Object>) live : Map.of();
        String liveHash = CanonicalJson.hashOf(schema);
        if (liveHash.equals(recorded)) {
            catalog.drift(plugin.name(), null);
        } else {
            catalog.drift(plugin.name(), schema);
            LOG.warn("Config schema of plugin {} drifted: the worker reports {}, manifest {} records"
                    + " {}; reinstall the plugin to refresh its manifest", plugin.name(), liveHash, plugin.file(),
                    recorded);
        }
    }

    /** Replaces an instance's worker with a fresh one, keeping its id, config, enabled flag and cap. */
    private LoadedInstance replace(LoadedInstance old, Optional<Map<String, Object>> newConfig) {
        synchronized (old) {
            LoadedInstance current = instances.get(old.id);
            if (current != old) {
                return current != null ? current : start(old.plugin, old.id, Optional.of(old.config),
                        Optional.of(old.enabled()), Optional.of(old.maxConcurrent()));
            }
            Map<String, Object> config = newConfig.orElse(old.config);
            // Validate before the old worker goes, so a bad config leaves the instance running.
            effectiveConfig(old.plugin, config);
            instances.remove(old.id, old);
            stop(old);
            return start(old.plugin, old.id, Optional.of(config), Optional.of(old.enabled()),
                    Optional.of(old.maxConcurrent()));
        }
    }

    private void stop(LoadedInstance s) {
        try {
            s.client.close();
        } finally {
            s.handle.stop(settings.stopGrace());
        }
    }

    private void hook(LoadedInstance s, Endpoint endpoint) {
        try {
            Object answer = s.client.call(endpoint, null, settings.callTimeout());
            if (answer instanceof Map<?, ?> m && StatusWord.ERROR.in(m)) {
                LOG.warn("Hook {} of instance {} failed: {}", endpoint.path(), s.id, m.get("detail"));
            }
        } catch (PluginError e) {
            LOG.warn("Hook {} of instance {} failed: {}", endpoint.path(), s.id, e.getMessage());
        }
    }

    private void runDisableHook(LoadedInstance s) {
        executor.execute(() -> {
            if (!s.handle.isAlive()) {
                return;
            }
            hook(s, Endpoint.ON_DISABLE);
            s.onDisableRan();
        });
    }

    private void persist(LoadedInstance s, Map<String, Object> config, boolean enabled) {
        ConfigStore store = services.configs().get();
        if (store != null && s.id.equals(s.pluginName())) {
            store.put(s.pluginName(), PlainJson.compact(config), enabled);
        }
    }

    private LoadedInstance require(String instanceId) {
        LoadedInstance s = instances.get(instanceId);
        if (s == null) {
            throw new PluginNotLoadedError(instanceId);
        }
        return s;
    }

    // ---- execute path -------------------------------------------------------------------------------------

    @Override
    public Object execute(String instanceId, Call call) {
        return withRetry(instanceId,
                s -> s.client.execute(call.args(), call.kwargs(), settings.callTimeout()));
    }

    @Override
    public CompletableFuture<Object> executeAsync(String instanceId, Call call) {
        return CompletableFuture.supplyAsync(() -> execute(instanceId, call), executor);
    }

    @Override
    public Flow.Publisher<Object> executeStream(String instanceId, Call call) {
        return subscriber -> {
            Admission admission;
            try {
                admission = admit(require(instanceId));
            } catch (RuntimeException e) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onError(e);
                return;
            }
            admission.instance.client.publishStream(call.args(), call.kwargs(), settings.callTimeout(), executor)
                    .subscribe(new Flow.Subscriber<>() {
                        @Override
                        public void onSubscribe(Flow.Subscription subscription) {
                            subscriber.onSubscribe(new Flow.Subscription() {
                                @Override
                                public void request(long n) {
                                    subscription.request(n);
                                }

                                @Override
                                public void cancel() {
                                    subscription.cancel();
                                    admission.finish(false);
                                }
                            });
                        }

                        @Override
                        public void onNext(Object item) {
                            subscriber.onNext(item);
                        }

                        @Override
                        public void onError(Throwable throwable) {
                            admission.finish(false);
                            subscriber.onError(throwable);
                        }

                        @Override
                        public void onComplete() {
                            admission.finish(true);
                            subscriber.onComplete();
                        }
                    });
        };
    }

    @Override
    public ChunkStream<Object> openStream(String instanceId, Call call) {
        Admission admission = admit(require(instanceId));
        try {
            return new AdmittedStream(admission,
                    admission.instance.client.executeStream(call.args(), call.kwargs(), settings.callTimeout()),
                    settings.callTimeout());
        } catch (RuntimeException e) {
            admission.finish(false);
            throw e;
        }
    }

    @Override
    public boolean prefetch(String instanceId) {
        Object answer = withRetry(instanceId, s -> s.client.call(Endpoint.PREFETCH, null, settings.callTimeout()));
        return !StatusWord.NOT_SUPPORTED.in(answer);
    }

    private <T> T withRetry(String instanceId, Function<LoadedInstance, T> work) {
        for (int attempt = 0;; attempt++) {
            LoadedInstance s = require(instanceId);
            Admission admission = admit(s);
            boolean ok = false;
            try {
                T result = work.apply(s);
                ok = true;
                return result;
            } catch (PluginResourceError e) {
                if (e instanceof RefusedError || attempt >= settings.maxRetries()) {
                    throw e;
                }
                admission.finish(false);
                for (RetryObserver o : retryObservers) {
                    o.retrying(instanceId, attempt + 1, e);
                }
                LOG.warn("Call on instance {} failed with a resource error ({}); retry {} of {} on"
                        + " a fresh worker", instanceId, e.getMessage(), attempt + 1, settings.maxRetries());
                replace(s, Optional.empty());
            } finally {
                admission.finish(ok);
            }
        }
    }

    /** Admits one call: enabled check, scheduler allocation, concurrency cap. */
    private Admission admit(LoadedInstance s) {
        if (!s.enabled()) {
            throw new dev.cordon.api.error.PluginDisabledError(s.id);
        }
        ResourceScheduler scheduler = services.scheduler().get();
        if (scheduler == null) {
            throw new PluginTransientError("No scheduling policy is active, so instance '" + s.id + "' cannot run;"
                    + " check that the dev.cordon.scheduler bundle is active (cordon:status)");
        }
        Allocation allocation = allocate(scheduler, s);
        try {
            Semaphore slots = s.enter(settings.callTimeout());
            return new Admission(s, scheduler, allocation, slots, System.nanoTime());
        } catch (RuntimeException e) {
            scheduler.release(allocation);
            throw e;
        }
    }

    private Allocation allocate(ResourceScheduler scheduler, LoadedInstance s) {
        ExecutionRequest request = new ExecutionRequest(s.pluginName(), s.id, s.plugin.meta().resources(),
                OptionalLong.of(s.handle.pid()));
        try {
            return await(scheduler, request);
        } catch (SchedulingRefusedException refused) {
            SchedulingRefusedException last = refused;
            WorkerLauncher launcher = services.launcher().get();
            int spares = launcher == null ? 0 : launcher.stopSpares();
            if (spares > 0) {
                LOG.info("Stopped {} spare worker(s) to make room for {}: {}", spares, s.id, last.reason());
                try {
                    return await(scheduler, request);
                } catch (SchedulingRefusedException again) {
                    last = again;
                }
            }
            for (LoadedInstance victim : evictionCandidates(s)) {
                LOG.info("Evicting idle instance {} to make room for {}: {}", victim.id, s.id,
                        last.reason());
                if (instances.remove(victim.id, victim)) {
                    stop(victim);
                }
                try {
                    return await(scheduler, request);
                } catch (SchedulingRefusedException again) {
                    last = again;
                }
            }
            throw new RefusedError(last);
        }
    }

    private Allocation await(ResourceScheduler scheduler, ExecutionRequest request) {
        CompletableFuture<Allocation> f = scheduler.acquire(request).toCompletableFuture();
        try {
            return f.isDone() ? f.join() : f.get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (CompletionException | ExecutionException e) {
            if (e.getCause() instanceof SchedulingRefusedException r) {
                throw r;
            }
            throw new PluginFatalError("Scheduling policy '" + scheduler.policyName() + "' failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new PluginTimeoutError(request.instanceId(), settings.callTimeout().toSeconds(), null);
        } catch (InterruptedException e) {
            f.cancel(false);
            Thread.currentThread().interrupt();
            throw new dev.cordon.api.error.PluginCancelledError(request.instanceId());
        }
    }

    /** Idle instances other than {@code s}: least recently used first, then the highest measured memory peak. */
    private List<LoadedInstance> evictionCandidates(LoadedInstance s) {
        EmpiricalResourceStore store = services.resources().get();
        Map<String, Double> cost = new ConcurrentHashMap<>();
        return instances.values().stream().filter(i -> i != s && i.inFlight() == 0)
                .sorted(Comparator.comparingLong(LoadedInstance::lastUsedMillis)
                        .thenComparing(i -> -cost.computeIfAbsent(i.id, k -> measuredPeak(store, i))))
                .toList();
    }

    private static double measuredPeak(EmpiricalResourceStore store, LoadedInstance i) {
        return store == null ? 0.0 : store.get(i.id, i.configHash).map(EmpiricalResourceRecord::memoryMbPeakMax)
                .orElse(0.0);
    }

    /** A call admitted to an instance; {@link #finish} releases everything once and queues the sample. */
    private final class Admission {
        final LoadedInstance instance;
        private final ResourceScheduler scheduler;
        private final Allocation allocation;
        private final Semaphore slots;
        private final long startNanos;
        private final AtomicBoolean done = new AtomicBoolean();

        Admission(LoadedInstance instance, ResourceScheduler scheduler, Allocation allocation, Semaphore slots,
                long startNanos) {
            this.instance = instance;
            this.scheduler = scheduler;
            this.allocation = allocation;
            this.slots = slots;
            this.startNanos = startNanos;
        }

        void finish(boolean success) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            long duration = System.nanoTime() - startNanos;
            try {
                instance.exit(slots);
            } finally {
                scheduler.release(allocation);
            }
            if (settings.resourceTracking()) {
                recorder.offer(new SampleRecorder.CallFact(instance.id, instance.pluginName(), instance.configHash,
                        instance.handle.pid(), success, duration, Instant.now()));
            }
        }
    }

    /** A stream admitted to an instance; its end, its error or its close finishes the admission. */
    private static final class AdmittedStream implements ChunkStream<Object> {
        private final Admission admission;
        private final ChunkIterator chunks;
        private final java.time.Duration readTimeout;

        AdmittedStream(Admission admission, ChunkIterator chunks, java.time.Duration readTimeout) {
            this.admission = admission;
            this.chunks = chunks;
            this.readTimeout = readTimeout;
        }

        @Override
        public boolean hasNext() {
            try {
                boolean more = chunks.hasNext();
                if (!more) {
                    admission.finish(true);
                }
                return more;
            } catch (RuntimeException e) {
                admission.finish(false);
                throw e;
            }
        }

        @Override
        public Object next() {
            try {
                return chunks.next();
            } catch (RuntimeException e) {
                admission.finish(false);
                throw e;
            }
        }

        @Override
        public java.time.Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public void close() {
            chunks.close();
            admission.finish(false);
        }
    }

    // ---- configuration --------------------------------------------------------------------------------------

    @Override
    public Map<String, Object> config(String instanceId) {
        return require(instanceId).config;
    }

    /** The config JSON Schema of a plugin: the live one when it drifted from the manifest's, else the manifest's. */
    public Map<String, Object> configSchema(String pluginName) {
        PluginMeta meta = discoveredOrThrow(pluginName).meta();
        return meta.liveConfigSchema().orElse(meta.configSchema());
    }

    /**
     * Validates {@code changes} over the current config and applies them with {@code /reconfigure} (the plugin
     * releases what its reload triggers name); a plugin without reconfigure support gets a fresh worker with the new
     * config. The default instance's config is persisted.
     */
    @Override
    public Map<String, Object> updateConfig(String instanceId, Map<String, Object> changes) {
        LoadedInstance s = require(instanceId);
        Map<String, Object> merged = new LinkedHashMap<>(s.config);
        merged.putAll(changes);
        Map<String, Object> effective = effectiveConfig(s.plugin, merged);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("old_config", s.config);
        body.put("new_config", effective);
        Object answer = s.client.call(Endpoint.RECONFIGURE, body, settings.callTimeout());
        LoadedInstance now;
        if (StatusWord.NOT_SUPPORTED.in(answer)) {
            now = replace(s, Optional.of(effective));
        } else {
            s.reconfigured(effective, CanonicalJson.hashOf(effective));
            now = s;
        }
        persist(now, effective, now.enabled());
        return effective;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, FieldOptions> configOptions(String instanceId) {
        LoadedInstance s = require(instanceId);
        try {
            Object answer = s.client.call(Endpoint.CONFIG_OPTIONS, null, settings.callTimeout());
            Map<String, FieldOptions> out = new LinkedHashMap<>();
            if (answer instanceof Map<?, ?> fields) {
                fields.forEach((field, value) -> {
                    Map<String, Object> v = value instanceof Map ? (Map<String, Object>) value : Map.of();
                    List<ConfigOption> options = new ArrayList<>();
                    if (v.get("options") instanceof List<?> list) {
                        for (Object o : list) {
                            if (o instanceof Map<?, ?> opt) {
                                options.add(new ConfigOption(opt.get("value"), String.valueOf(
                                        opt.get("label") == null ? opt.get("value") : opt.get("label")),
                                        opt.get("metadata") instanceof Map ? (Map<String, Object>) opt.get("metadata")
                                                : Map.of()));
                            }
                        }
                    }
                    out.put(String.valueOf(field), new FieldOptions(options,
                            v.get("constraints") instanceof Map ? (Map<String, Object>) v.get("constraints") : Map.of()));
                });
            }
            return out;
        } catch (RuntimeException e) {
            LOG.warn("Live config options of instance {} are unavailable: {}", instanceId,
                    e.getMessage());
            return Map.of();
        }
    }

    // ---- environment and secrets ----------------------------------------------------------------------------

    @Override
    public List<WorkerEnvStatus> workerEnvStatus(String pluginName) {
        return WorkerEnvironment.status(discoveredOrThrow(pluginName).manifest(), services.secrets().get());
    }

    /**
     * Stores a secret of a plugin and respawns its loaded instances so that their workers see it.
     *
     * @return the ids of the respawned instances
     */
    public List<String> setSecret(String pluginName, String key, SecretValue value) {
        secretStore().set(pluginName, key, value);
        return respawn(pluginName);
    }

    /** Removes a secret of a plugin and respawns its loaded instances; returns their ids. */
    public List<String> deleteSecret(String pluginName, String key) {
        return secretStore().delete(pluginName, key) ? respawn(pluginName) : List.of();
    }

    private SecretStore secretStore() {
        SecretStore store = services.secrets().get();
        if (store == null) {
            throw new PluginTransientError("No secret store is available; check the store bundles (cordon:status)");
        }
        return store;
    }

    private List<String> respawn(String pluginName) {
        List<String> ids = new ArrayList<>();
        for (LoadedInstance s : List.copyOf(instances.values())) {
            if (s.pluginName().equals(pluginName)) {
                replace(s, Optional.empty());
                ids.add(s.id);
            }
        }
        return ids;
    }

    // ---- logs, bindings, shutdown ---------------------------------------------------------------------------

    @Override
    public List<String> logs(String instanceId, int lines) {
        LoadedInstance s = instances.get(instanceId);
        Path file = s != null ? s.handle.logFile() : settings.logsDir().resolve(instanceId + ".log");
        if (!Files.isRegularFile(file)) {
            throw new PluginNotLoadedError(instanceId);
        }
        ArrayDeque<String> tail = new ArrayDeque<>(Math.max(1, lines));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (tail.size() == lines) {
                    tail.removeFirst();
                }
                if (lines > 0) {
                    tail.addLast(line);
                }
            }
        } catch (IOException e) {
            throw new PluginTransientError("Cannot read the log " + file + " of instance '" + instanceId + "': "
                    + e.getMessage());
        }
        return List.copyOf(tail);
    }

    @Override
    public PluginBinding bind(String instanceId) {
        return new InstanceBinding(this, instanceId);
    }

    /** Samples written to the resource store so far, and samples dropped. */
    public long[] sampleCounts() {
        return new long[] {recorder.written(), recorder.dropped()};
    }

    /** Stops every worker, writes the queued samples and releases the threads. */
    @Override
    public void close() {
        closed = true;
        try {
            unloadAll();
        } finally {
            recorder.close();
            executor.shutdownNow();
            transport.close();
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        return t instanceof RuntimeException r ? r : new PluginFatalError(String.valueOf(t), t);
    }

    /** A scheduler refused the call even after eviction; not retried on a fresh worker. */
    static final class RefusedError extends PluginResourceError {
        private static final long serialVersionUID = 1L;

        RefusedError(SchedulingRefusedException cause) {
            super(cause.getMessage(), null, cause);
        }
    }
}
