package dev.cordon.api.host;

import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.model.PluginMeta;
import dev.cordon.api.model.WorkerEnvStatus;
import dev.cordon.api.plugin.FieldOptions;
import dev.cordon.api.store.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Discovers plugins from manifests and runs each loaded instance in a worker process of its own. Registered as a
 * service by the runtime bundle; thread-safe.
 *
 * <p>Failures are typed {@link dev.cordon.api.error.PluginError}s: a bad config is a
 * {@link dev.cordon.api.error.PluginConfigError} raised before any worker starts; any failure after a worker
 * started stops that worker before the error is thrown. An instance that is not loaded is a
 * {@link dev.cordon.api.error.PluginNotLoadedError}; a plugin name that is not discovered a
 * {@link dev.cordon.api.error.PluginNotFoundError}.
 *
 * <p>Implemented by the runtime only; callers use it, so methods may be added in minor versions.
 */
@ProviderType
public interface PluginManager {

    /** Rescans the manifest folders; returns every discovered plugin, first definition of a name winning. */
    List<PluginMeta> discover();

    /** Every discovered plugin, sorted by name. */
    List<PluginMeta> discovered();

    /** The discovered plugin called {@code pluginName}. */
    Optional<PluginMeta> meta(String pluginName);

    /** Discovered plugins whose taxonomy has this domain. */
    List<PluginMeta> byDomain(String domain);

    /** Discovered plugins whose taxonomy has this role. */
    List<PluginMeta> byRole(String role);

    /**
     * The one discovered plugin to use for a role, for callers that expect exactly one implementation: the only
     * plugin with this role, or, among several, the only one whose manifest sets
     * {@code overrides.canonical_for_role: true}. Empty when no plugin has the role, or when several do and not
     * exactly one is marked; the latter is logged at WARN naming them. Use {@link #byRole} to handle several.
     */
    Optional<PluginMeta> canonicalForRole(String role);

    /** Discovered plugins whose category label (for example {@code Speech To Text}) is {@code category}, any case. */
    List<PluginMeta> byCategory(String category);

    /** Discovered plugins whose declared platforms include this machine's (or declare none). */
    List<PluginMeta> compatibleWithThisPlatform();

    /** Loads one instance (idempotent for an existing id) and returns it. */
    PluginInstance load(PluginLoadSpec spec);

    /** Loads several instances concurrently; every spec is tried, failures are reported per spec. */
    CompletableFuture<List<LoadOutcome>> loadAll(List<PluginLoadSpec> specs);

    /** Stops an instance's worker; {@code false} if it was not loaded. */
    boolean unload(String instanceId);

    /** Stops every instance. */
    void unloadAll();

    /** Restarts an instance on a fresh worker with its current config. */
    PluginInstance reload(String instanceId);

    /**
     * Restarts an instance on a fresh worker with {@code config} (validated first, schema defaults filled in; a bad
     * config leaves the running worker alone); the default instance's config is persisted.
     */
    PluginInstance reload(String instanceId, Map<String, Object> config);

    /** The loaded instance with this id. */
    Optional<PluginInstance> instance(String instanceId);

    /** Every loaded instance, sorted by id. */
    List<PluginInstance> instances();

    /** The live state of a loaded instance and its worker process (pid, CPU, memory, calls); empty if not loaded. */
    Optional<InstanceStats> stats(String instanceId);

    /**
     * Sets or clears (empty) an instance's cap on concurrent calls; calls over the cap wait for a slot.
     *
     * @throws dev.cordon.api.error.PluginInputError when the cap is below 1
     */
    PluginInstance setMaxConcurrentRequests(String instanceId, OptionalInt max);

    /** Enables calls to an instance; {@code false} if already enabled. */
    boolean enable(String instanceId);

    /** Disables calls to an instance once in-flight calls finish; {@code false} if already disabled. */
    boolean disable(String instanceId);

    /**
     * Tells {@code listener} of every automatic retry of a call, before it runs: a call that failed with a resource
     * error is run again on a fresh worker (up to the configured maximum, and never for a plugin whose manifest sets
     * {@code overrides.retry_safe: false}), so its side effects may happen twice. The listener runs on the calling
     * thread and must not block.
     *
     * @return closes the registration
     */
    Registration onRetry(java.util.function.Consumer<CallRetry> listener);

    /** A listener's registration; closing it stops the calls, and never throws. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs a call on an instance and waits for its result. */
    Object execute(String instanceId, Call call);

    /** Runs a call without blocking. */
    CompletableFuture<Object> executeAsync(String instanceId, Call call);

    /** Runs a streaming call, publishing each chunk; cold and single-subscriber. */
    Flow.Publisher<Object> executeStream(String instanceId, Call call);

    /** Runs a streaming call as an iterator; close it to stop early. */
    ChunkStream<Object> openStream(String instanceId, Call call);

    /** What the running (or last) call of an instance reported, read from its worker at once. */
    CallProgress progress(String instanceId);

    /**
     * Asks the call running on an instance to stop. Cancellation is cooperative: the call then fails with a
     * {@link dev.cordon.api.error.PluginCancelledError} at the plugin's next check; a cancel while nothing runs is
     * forgotten when the next call starts.
     *
     * @return whether the plugin took the request ({@code false}: it does not support cancellation)
     */
    boolean cancel(String instanceId);

    /** Asks an instance to acquire heavy resources now; {@code false} if the plugin does not support it. */
    boolean prefetch(String instanceId);

    /** An instance's current config. */
    Map<String, Object> config(String instanceId);

    /** Validates and applies a config change in place; returns the effective config. */
    Map<String, Object> updateConfig(String instanceId, Map<String, Object> changes);

    /** An instance's live config options; empty when the plugin has none or cannot fetch them. */
    Map<String, FieldOptions> configOptions(String instanceId);

    /** Where each declared worker variable of a plugin will come from (never a secret's value). */
    List<WorkerEnvStatus> workerEnvStatus(String pluginName);

    /**
     * Stores a secret of a plugin and gives its loaded instances fresh workers, which see it.
     *
     * @return the ids of the respawned instances
     */
    List<String> setSecret(String pluginName, String key, SecretValue value);

    /** Removes a secret of a plugin and respawns its loaded instances; returns their ids (none if it was not set). */
    List<String> deleteSecret(String pluginName, String key);

    /** The last {@code lines} lines of an instance's worker log. */
    List<String> logs(String instanceId, int lines);

    /** A binding for an instance id (the default instance's id is the plugin name). */
    PluginBinding bind(String instanceId);

    /**
     * The outcome of one spec of {@link #loadAll}.
     *
     * @param spec the spec
     * @param instance the loaded instance, when it loaded
     * @param error why it did not, when it did not
     */
    record LoadOutcome(PluginLoadSpec spec, Optional<PluginInstance> instance, Optional<RuntimeException> error) {}
}
