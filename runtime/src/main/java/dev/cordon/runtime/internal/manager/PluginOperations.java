package dev.cordon.runtime.internal.manager;

import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What Cordon's own components (shell commands, the deploy-folder installer, the plugin-backed system monitor) need
 * of the plugin manager beyond {@link PluginManager}: manifest files and discovery problems, deploy events, and a
 * worker client outside scheduling. Registered as a service of its own by {@link PluginManagerComponent}; internal,
 * so embedding applications never see it.
 */
public interface PluginOperations extends PluginManager {

    /** Every discovered plugin with its manifest file. */
    List<DiscoveredPlugin> discoveredPlugins();

    /** The manifest files the last scan skipped, with the reason. */
    List<DiscoveryProblem> discoveryProblems();

    /** The discovered plugin called {@code pluginName}, with its manifest. */
    Optional<DiscoveredPlugin> plugin(String pluginName);

    /** Whether {@code file} is a manifest of the deploy folder. */
    boolean isDeployManifest(Path file);

    /** A manifest appeared or changed in the deploy folder. */
    void deployed(Path file);

    /** A manifest left the deploy folder: its plugin's instances are unloaded and the plugin forgotten. */
    void undeployed(Path file);

    /**
     * A plugin archive of the deploy folder was refused: the reason is listed with the skipped manifests (as
     * {@code cordon:plugins} shows them) until the archive is replaced by a good one or removed.
     */
    void archiveRefused(Path archive, String reason);

    /** A plugin archive of the deploy folder was deployed or removed: any earlier refusal of it is dropped. */
    void archiveCleared(Path archive);

    /**
     * A load spec for the default instance of a discovered plugin.
     *
     * @throws dev.cordon.api.error.PluginNotFoundError when no plugin of that name is discovered
     */
    PluginLoadSpec spec(String pluginName);

    /** Loads the default instance of a discovered plugin unless it is loaded; returns it. */
    PluginInstance ensureLoaded(String pluginName);

    /** {@link #load} on the manager's threads. */
    CompletableFuture<PluginInstance> loadAsync(PluginLoadSpec spec);

    /**
     * The worker client of a loaded, enabled instance, for calls made outside admission and scheduling: the
     * plugin-backed system monitor reads through it from inside a scheduling decision, where going through the
     * scheduler again would wait on itself. Empty when the instance is not loaded or is disabled.
     */
    Optional<WorkerClient> unscheduledClient(String instanceId);

    /** The config JSON Schema of a plugin: the live one when it drifted from the manifest's, else the manifest's. */
    Map<String, Object> configSchema(String pluginName);

    /**
     * The last {@code max} lines of the instance's worker log written during calls of job {@code jobId} (stamped
     * with it, see {@link dev.cordon.protocol.LogStamp}), oldest first; read from the end of the file.
     *
     * @throws dev.cordon.api.error.PluginInputError when {@code max} is negative or above 10,000
     * @throws dev.cordon.api.error.PluginNotLoadedError when the instance has no log
     */
    List<String> jobLines(String instanceId, String jobId, int max);

    /** The settings in use, the worker log folder among them. */
    ManagerSettings settings();
}
