package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.host.PluginBinding;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.model.PluginMeta;
import dev.cordon.api.model.WorkerEnvStatus;
import dev.cordon.api.plugin.FieldOptions;
import dev.cordon.api.store.SecretValue;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugin manager: a thin {@link PluginManager} over collaborators with one concern each. A plain object (the DS
 * component {@link PluginManagerComponent} builds one with services bound from the framework); {@link #close()}
 * stops every worker.
 * <ul>
 *   <li>{@link PluginCatalog}: discovery of manifests;</li>
 *   <li>{@link InstanceLifecycle}: load (config → environment → launch → {@link DriftCheck} → {@code /initialize}),
 *       replace, unload, hooks;</li>
 *   <li>{@link AdmissionControl} and {@link CallRunner}: scheduling, making room, the cap, retry, streams;</li>
 *   <li>{@link ConfigRules} and {@link ConfigUpdates}: validation, persistence and live changes of configs;</li>
 *   <li>{@link InstanceControl}, {@link SecretChanges}, {@link WorkerLogs}, {@link SampleRecorder}.</li>
 * </ul>
 */
public class PluginHost implements PluginOperations, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PluginHost.class);

    private final ManagerSettings settings;
    private final HostServices services;
    private final PluginCatalog catalog;
    private final ProxyTransport transport;
    private final SampleRecorder recorder;
    private final ExecutorService executor;
    private final ConfigRules rules;
    private final InstanceLifecycle lifecycle;
    private final CallRunner calls;
    private final ConfigUpdates configs;
    private final InstanceControl control;
    private final SecretChanges secrets;
    private final WorkerLogs logs;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** A host with its own I/O threads; call {@link #discover()} to read the manifest folders. */
    public PluginHost(ManagerSettings settings, HostServices services) {
        this.settings = settings;
        this.services = services;
        this.catalog = new PluginCatalog(settings.searchPaths(), settings.deployDir());
        catalog.journal(services::journalNow);
        this.transport = new ProxyTransport(2);
        this.recorder = new SampleRecorder(services.resources(), services.monitor());
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cordon-manager-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.rules = new ConfigRules(settings.strictConfig(), services.configs());
        this.lifecycle = new InstanceLifecycle(
                settings,
                services,
                rules,
                new DriftCheck(catalog, settings.startTimeout()),
                transport,
                executor,
                this::missing);
        AdmissionControl admission = new AdmissionControl(
                services.scheduler(),
                services.launcher(),
                services.resources(),
                lifecycle::all,
                lifecycle::evict,
                settings.callTimeout(),
                this::finished,
                settings.resourceTracking() ? UsageReader::read : (s, carried) -> Map.of(),
                services::journalNow);
        CallGuard guard = new CallGuard(
                settings.callTimeout(),
                settings.cancelGrace(),
                settings.livenessInterval(),
                settings.livenessTimeout(),
                s -> lifecycle.replace(s, Optional.empty()));
        this.calls = new CallRunner(
                lifecycle::require,
                s -> lifecycle.replace(s, Optional.empty()),
                admission,
                settings.maxRetries(),
                guard,
                settings.callTimeout(),
                executor);
        this.configs = new ConfigUpdates(lifecycle, rules, settings.callTimeout(), catalog::get);
        this.control = new InstanceControl(lifecycle, rules);
        this.secrets = new SecretChanges(services.secrets(), lifecycle);
        this.logs = new WorkerLogs(id -> lifecycle
                .find(id)
                .map(s -> s.handle().logFile())
                .orElseGet(() -> settings.logsDir().resolve(id + ".log")));
    }

    private void finished(AdmissionControl.Finished call) {
        if (settings.resourceTracking()) {
            LoadedInstance s = call.instance();
            recorder.offer(new SampleRecorder.CallFact(
                    s.id(),
                    s.pluginName(),
                    s.config().hash(),
                    s.handle().pid(),
                    call.success(),
                    call.durationNanos(),
                    call.usage(),
                    java.time.Instant.now()));
        }
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

    @Override
    public List<DiscoveredPlugin> discoveredPlugins() {
        return catalog.plugins();
    }

    @Override
    public List<DiscoveryProblem> discoveryProblems() {
        return catalog.problems();
    }

    @Override
    public Optional<PluginMeta> meta(String pluginName) {
        return catalog.get(pluginName).map(DiscoveredPlugin::meta);
    }

    @Override
    public Optional<DiscoveredPlugin> plugin(String pluginName) {
        return catalog.get(pluginName);
    }

    @Override
    public List<PluginMeta> byDomain(String domain) {
        return catalog.matching(
                m -> m.taxonomy().map(t -> t.domain().equals(domain)).orElse(false));
    }

    @Override
    public List<PluginMeta> byRole(String role) {
        return catalog.matching(
                m -> m.taxonomy().map(t -> t.role().equals(role)).orElse(false));
    }

    @Override
    public List<PluginMeta> byCategory(String category) {
        return catalog.matching(m -> m.category().equalsIgnoreCase(category));
    }

    @Override
    public Optional<PluginMeta> canonicalForRole(String role) {
        return catalog.canonicalFor(role).map(DiscoveredPlugin::meta);
    }

    @Override
    public List<PluginMeta> compatibleWithThisPlatform() {
        return catalog.matching(m ->
                m.resources().platforms().isEmpty() || m.resources().platforms().contains(Platform.current()));
    }

    @Override
    public boolean isDeployManifest(Path file) {
        return catalog.isDeployManifest(file);
    }

    @Override
    public void deployed(Path file) {
        catalog.deployed(file);
        LOG.info("Discovered deploy manifest {}", file);
    }

    @Override
    public void archiveRefused(Path archive, String reason) {
        catalog.archiveRefused(archive, reason);
    }

    @Override
    public void archiveCleared(Path archive) {
        catalog.archiveCleared(archive);
    }

    @Override
    public void undeployed(Path file) {
        catalog.undeployed(file).ifPresent(name -> {
            for (LoadedInstance s : lifecycle.all()) {
                if (s.pluginName().equals(name)) {
                    unload(s.id());
                }
            }
            LOG.info("Forgot plugin {}: its manifest {} left the deploy folder", name, file);
        });
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    @Override
    public PluginLoadSpec spec(String pluginName) {
        return PluginLoadSpec.of(pluginName, discoveredOrThrow(pluginName).file());
    }

    @Override
    public PluginInstance ensureLoaded(String pluginName) {
        return lifecycle.find(pluginName).map(LoadedInstance::view).orElseGet(() -> load(spec(pluginName)));
    }

    @Override
    public PluginInstance load(PluginLoadSpec spec) {
        DiscoveredPlugin plugin = ManifestResolver.resolve(spec, catalog);
        String id = spec.instanceId()
                .orElseGet(() -> spec.newInstance() ? InstanceIds.generated(plugin.name()) : plugin.name());
        InstanceIds.requireValid(id);
        PluginInstance loaded =
                lifecycle.start(plugin, id, spec.config(), Optional.empty()).view();
        if (settings.resourceTracking()) {
            // Track the resource store from the first load on, so that a stop can still flush into it.
            services.resources().get();
        }
        return loaded;
    }

    @Override
    public CompletableFuture<PluginInstance> loadAsync(PluginLoadSpec spec) {
        return CompletableFuture.supplyAsync(() -> load(spec), executor);
    }

    @Override
    public CompletableFuture<List<LoadOutcome>> loadAll(List<PluginLoadSpec> specs) {
        return BatchLoad.run(specs, this::load, settings.loadConcurrency(), executor);
    }

    @Override
    public boolean unload(String instanceId) {
        return lifecycle.unload(instanceId);
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
        List<CompletableFuture<Boolean>> all =
                lifecycle.all().stream().map(s -> unloadAsync(s.id())).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    @Override
    public PluginInstance reload(String instanceId) {
        return lifecycle
                .replace(lifecycle.require(instanceId), Optional.empty())
                .view();
    }

    @Override
    public PluginInstance reload(String instanceId, Map<String, Object> config) {
        configs.reload(instanceId, config);
        return lifecycle.require(instanceId).view();
    }

    @Override
    public Optional<PluginInstance> instance(String instanceId) {
        return lifecycle.find(instanceId).map(LoadedInstance::view);
    }

    @Override
    public List<PluginInstance> instances() {
        return lifecycle.all().stream().map(LoadedInstance::view).toList();
    }

    @Override
    public Optional<WorkerClient> unscheduledClient(String instanceId) {
        return lifecycle.find(instanceId).filter(LoadedInstance::enabled).map(LoadedInstance::client);
    }

    @Override
    public Optional<InstanceStats> stats(String instanceId) {
        return lifecycle
                .find(instanceId)
                .map(s -> InstanceStatsReader.read(s, services.monitor().get()));
    }

    @Override
    public CallProgress progress(String instanceId) {
        return control.progress(instanceId);
    }

    @Override
    public boolean cancel(String instanceId) {
        return control.cancel(instanceId);
    }

    @Override
    public PluginInstance setMaxConcurrentRequests(String instanceId, OptionalInt max) {
        return control.setMaxConcurrentRequests(instanceId, max);
    }

    @Override
    public boolean enable(String instanceId) {
        return control.enable(instanceId);
    }

    @Override
    public boolean disable(String instanceId) {
        return control.disable(instanceId);
    }

    @Override
    public Registration onRetry(java.util.function.Consumer<dev.cordon.api.host.CallRetry> listener) {
        RetryObserver observer = (id, attempt, cause) -> listener.accept(new dev.cordon.api.host.CallRetry(
                id, attempt, settings.maxRetries(), String.valueOf(cause.getMessage()), java.time.Instant.now()));
        calls.addRetryObserver(observer);
        return () -> calls.removeRetryObserver(observer);
    }

    private DiscoveredPlugin discoveredOrThrow(String pluginName) {
        return catalog.get(pluginName).orElseThrow(() -> notFound(pluginName));
    }

    /**
     * The error for an id that is not loaded: not loaded when a discovered plugin has that name or is the stem of a
     * generated instance id ({@code <plugin>-<hex>}), else no such plugin, with the closest names.
     */
    private RuntimeException missing(String id) {
        boolean known = catalog.plugins().stream()
                .map(DiscoveredPlugin::name)
                .anyMatch(name -> id.equals(name) || id.startsWith(name + "-"));
        return known ? new PluginNotLoadedError(id) : notFound(id);
    }

    private PluginNotFoundError notFound(String pluginName) {
        List<String> names =
                catalog.plugins().stream().map(DiscoveredPlugin::name).toList();
        return new PluginNotFoundError(
                pluginName,
                NameSuggestions.closest(pluginName, names),
                settings.searchPaths() + " or " + settings.deployDir());
    }

    // ---- execute path -------------------------------------------------------------------------------------
    @Override
    public Object execute(String instanceId, Call call) {
        return calls.execute(instanceId, call);
    }

    @Override
    public Object execute(String instanceId, Call call, Granted granted) {
        return calls.execute(instanceId, call, granted);
    }

    @Override
    public CompletableFuture<Object> executeAsync(String instanceId, Call call) {
        return CompletableFuture.supplyAsync(() -> execute(instanceId, call), executor);
    }

    @Override
    public Flow.Publisher<Object> executeStream(String instanceId, Call call) {
        return calls.executeStream(instanceId, call);
    }

    @Override
    public ChunkStream<Object> openStream(String instanceId, Call call) {
        return calls.openStream(instanceId, call);
    }

    @Override
    public boolean prefetch(String instanceId) {
        return calls.prefetch(instanceId);
    }

    // ---- configuration, environment, logs -------------------------------------------------------------------

    @Override
    public Map<String, Object> config(String instanceId) {
        return configs.current(instanceId);
    }

    @Override
    public Map<String, Object> configSchema(String pluginName) {
        PluginMeta meta = discoveredOrThrow(pluginName).meta();
        return meta.liveConfigSchema().orElse(meta.configSchema());
    }

    @Override
    public Map<String, Object> updateConfig(String instanceId, Map<String, Object> changes) {
        return configs.update(instanceId, changes);
    }

    @Override
    public Map<String, FieldOptions> configOptions(String instanceId) {
        return configs.options(instanceId);
    }

    @Override
    public List<WorkerEnvStatus> workerEnvStatus(String pluginName) {
        return WorkerEnvironment.status(
                discoveredOrThrow(pluginName).manifest(), services.secrets().get());
    }

    @Override
    public List<String> setSecret(String pluginName, String key, SecretValue value) {
        return secrets.set(pluginName, key, value);
    }

    @Override
    public List<String> deleteSecret(String pluginName, String key) {
        return secrets.delete(pluginName, key);
    }

    @Override
    public List<String> logs(String instanceId, int lines) {
        return logs.tail(instanceId, lines);
    }

    @Override
    public List<String> jobLines(String instanceId, String jobId, int max) {
        return logs.jobLines(instanceId, jobId, max);
    }

    @Override
    public PluginBinding bind(String instanceId) {
        return new InstanceBinding(this, instanceId);
    }

    /**
     * Writes the queued resource samples to {@code departing}, a resource store that is about to go away, within
     * {@code bound}: the framework stops the store's bundle before the runtime's.
     */
    public void flushSamples(dev.cordon.api.store.EmpiricalResourceStore departing, java.time.Duration bound) {
        recorder.flush(departing, bound);
    }

    /** Samples written to the resource store so far, and samples dropped. */
    public long[] sampleCounts() {
        return new long[] {recorder.written(), recorder.dropped()};
    }

    /** Stops every worker, writes the queued samples and releases the threads; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lifecycle.close();
        try {
            unloadAll();
        } finally {
            recorder.close();
            executor.shutdownNow();
            transport.close();
        }
    }
}
