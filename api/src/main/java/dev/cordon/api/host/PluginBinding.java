package dev.cordon.api.host;

import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginMeta;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A caller's handle on one plugin instance, obtained from {@link PluginManager#bind}: it survives unloads and
 * reloads and always addresses the instance by id. Every method may throw a
 * {@link dev.cordon.api.error.PluginError}; calls on an instance that is not loaded throw
 * {@link dev.cordon.api.error.PluginNotLoadedError}, on a disabled one {@link dev.cordon.api.error.PluginDisabledError}.
 */
public interface PluginBinding {

    /** The instance id this binding addresses. */
    String instanceId();

    /** The plugin's discovered metadata, if the plugin is discovered. */
    Optional<PluginMeta> meta();

    /** The loaded instance, if loaded. */
    Optional<PluginInstance> instance();

    /** Whether the instance is loaded. */
    default boolean isLoaded() {
        return instance().isPresent();
    }

    /** Whether the instance is loaded and enabled. */
    default boolean isEnabled() {
        return instance().map(PluginInstance::enabled).orElse(false);
    }

    /** Loads the instance (idempotent) with {@code config}, or stored and default config when empty. */
    PluginInstance load(Optional<Map<String, Object>> config);

    /** Unloads the instance; {@code false} if it was not loaded. */
    boolean unload();

    /** Restarts the instance on a fresh worker with its current config. */
    PluginInstance reload();

    /** Enables calls; {@code false} if it was already enabled. */
    boolean enable();

    /** Disables calls once in-flight ones finish; {@code false} if it was already disabled. */
    boolean disable();

    /** Runs a call and waits for its result (a JSON value). */
    Object execute(Call call);

    /** Runs a call and converts its JSON result to {@code resultType} (a record, list, map, string, number…). */
    <T> T execute(Call call, Class<T> resultType);

    /** Runs a call without blocking; the future completes with the result or a {@link dev.cordon.api.error.PluginError}. */
    CompletableFuture<Object> executeAsync(Call call);

    /** Runs a streaming call, publishing each chunk; the publisher is cold and single-subscriber. */
    Flow.Publisher<Object> executeStream(Call call);

    /** Runs a streaming call as an iterator; close it to stop early. */
    ChunkStream<Object> openStream(Call call);

    /** The instance's current config. */
    Map<String, Object> config();

    /** The plugin's config JSON Schema. */
    Map<String, Object> configSchema();

    /** Validates and applies a config change in place (reconfigure); returns the effective config. */
    Map<String, Object> updateConfig(Map<String, Object> changes);
}
