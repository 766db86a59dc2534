package dev.cordon.api.plugin;

import dev.cordon.api.model.PluginTaxonomy;
import dev.cordon.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Java plugin: the contract a plugin author implements and a Cordon worker drives, one instance per worker.
 *
 * <p>Lifecycle: the worker constructs the class with its public no-argument constructor, calls
 * {@link #initialize} once with the validated config, then serves {@link #execute} / {@link #executeStream} calls,
 * {@link #reconfigure} on config updates, {@link #onDisable}/{@link #onEnable} when an operator toggles it, and
 * {@link #cleanup} before the worker exits. Calls are serialised unless the class carries {@link ThreadSafe}.
 *
 * <p>Arguments and results are plain JSON values: {@code null}, {@link Boolean}, {@link String}, {@link Long} or
 * {@link java.math.BigInteger} for integers, {@link Double} for other numbers, {@link List} and
 * {@link Map} with string keys. Results may also be records, which the worker writes as JSON objects.
 *
 * <p>Failures: throw a {@link dev.cordon.api.error.PluginError} subtype to choose the category; any other
 * exception is classified by {@link dev.cordon.api.error.ErrorClassifier}.
 *
 * @param <C> the config record type; its annotated components define the JSON Schema of the config
 */
public interface Plugin<C extends Record> {

    /** The plugin's unique name, the manifest's {@code code.name}. */
    String name();

    /** The plugin's version, for example {@code 1.0.0}. */
    String version();

    /** The config record class. The config schema is derived from it unless {@link #configSchema()} says otherwise. */
    Class<C> configType();

    /**
     * First-time setup with the effective config (caller's values over stored values over the record's defaults),
     * already validated against the schema.
     *
     * @throws Exception any failure; it fails the load and the worker is stopped
     */
    void initialize(C config) throws Exception;

    /** The config currently in effect. */
    C currentConfig();

    /**
     * Runs the plugin's main function once.
     *
     * @return a JSON value or a record
     * @throws Exception any failure, classified as described on this interface
     */
    Object execute(Invocation invocation) throws Exception;

    /**
     * Runs the plugin's main function, emitting partial results as they are ready. The call ends when this method
     * returns; a failure after some chunks ends the stream with a typed error. The default emits the single result
     * of {@link #execute}.
     *
     * @throws Exception any failure, classified as described on this interface
     */
    default void executeStream(Invocation invocation, ChunkSink sink) throws Exception {
        sink.emit(execute(invocation));
    }

    /**
     * A hand-written JSON Schema for the config, replacing the one derived from {@link #configType()}.
     * Empty (the default) means derive.
     */
    default Optional<Map<String, Object>> configSchema() {
        return Optional.empty();
    }

    /**
     * Live option domains for config fields whose valid values are known only at run time (an API's model list),
     * keyed by field name. Kept apart from the schema so the schema hash stays stable. Default: none.
     */
    default Map<String, FieldOptions> configOptions() {
        return Map.of();
    }

    /**
     * Release hooks by reload-trigger name: when {@link #reconfigure} sees a changed component annotated with
     * {@link Schema.ReloadTrigger}{@code ("model")}, it runs the hook named {@code model} once. Default: none.
     */
    default Map<String, Runnable> releaseHooks() {
        return Map.of();
    }

    /**
     * Applies a config change in place. The default runs the release hook of every reload trigger whose
     * components changed (each trigger once, in name order), then calls {@link #initialize} with the new config.
     * Override when re-running {@code initialize} is wrong for this plugin.
     *
     * @throws Exception any failure; the old config stays in effect in the host's records
     */
    default void reconfigure(C oldConfig, C newConfig) throws Exception {
        for (String trigger : ReloadTriggers.changedTriggers(oldConfig, newConfig)) {
            Runnable hook = releaseHooks().get(trigger);
            if (hook != null) {
                hook.run();
            }
        }
        initialize(newConfig);
    }

    /** Acquires heavy resources (model downloads) before the first call. Idempotent. Default: nothing. */
    default void prefetch() throws Exception {}

    /** The operator disabled this plugin; in-flight calls have finished. Free heavy resources here. */
    default void onDisable() throws Exception {}

    /** The operator re-enabled this plugin. */
    default void onEnable() throws Exception {}

    /** Releases everything before the worker exits. Default: nothing. */
    default void cleanup() throws Exception {}

    /**
     * The environment variables the worker reads at start, the manifest's {@code code.worker_env}. Changing one
     * needs a fresh worker, never a reconfigure. Default: none.
     */
    default List<EnvVarSpec> workerEnv() {
        return List.of();
    }

    /** A short description, the manifest's {@code code.description}. Default: empty. */
    default String description() {
        return "";
    }

    /**
     * Its classification, the manifest's {@code code.taxonomy}; when present, its {@code interfaceFqcn} is also
     * the manifest's {@code code.interface}, which role queries and canonical-for-role lookups use. Default: none.
     */
    default Optional<PluginTaxonomy> taxonomy() {
        return Optional.empty();
    }

    /**
     * What it needs to run, the manifest's {@code code.resources}, which scheduling policies compare with what the
     * machine has free. Default: none declared.
     */
    default Optional<ResourceRequirements> resources() {
        return Optional.empty();
    }
}
