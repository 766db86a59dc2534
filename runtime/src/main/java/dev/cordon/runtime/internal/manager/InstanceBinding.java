package dev.cordon.runtime.internal.manager;

import com.google.gson.Gson;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.api.host.PluginBinding;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.model.PluginMeta;
import dev.cordon.protocol.json.PlainJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A {@link PluginBinding} on one instance id of the plugin manager: every call goes through the host by id, so the
 * binding outlives unloads and reloads. The plugin is the loaded instance's, else the one named like the id (the
 * default instance).
 */
final class InstanceBinding implements PluginBinding {

    private static final Gson GSON = new Gson();

    private final PluginOperations host;
    private final String instanceId;

    InstanceBinding(PluginOperations host, String instanceId) {
        if (!PluginInstance.ID_PATTERN.matcher(instanceId).matches()) {
            throw new PluginInputError(
                    "Instance id '" + instanceId + "' is invalid: use 1 to 64 letters, digits, '_' or '-'",
                    List.of("instance_id"),
                    null);
        }
        this.host = host;
        this.instanceId = instanceId;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    private String pluginName() {
        return host.instance(instanceId).map(PluginInstance::pluginName).orElse(instanceId);
    }

    @Override
    public Optional<PluginMeta> meta() {
        return host.meta(pluginName());
    }

    @Override
    public Optional<PluginInstance> instance() {
        return host.instance(instanceId);
    }

    @Override
    public PluginInstance load(Optional<Map<String, Object>> config) {
        Optional<PluginInstance> loaded = host.instance(instanceId);
        if (loaded.isPresent()) {
            return loaded.get();
        }
        String plugin = pluginName();
        if (host.plugin(plugin).isEmpty()) {
            throw new PluginNotLoadedError(instanceId);
        }
        PluginLoadSpec defaults = host.spec(plugin);
        return host.load(new PluginLoadSpec(plugin, defaults.manifest(), Optional.of(instanceId), false, config));
    }

    @Override
    public boolean unload() {
        return host.unload(instanceId);
    }

    @Override
    public PluginInstance reload() {
        return host.reload(instanceId);
    }

    @Override
    public boolean enable() {
        return host.enable(instanceId);
    }

    @Override
    public boolean disable() {
        return host.disable(instanceId);
    }

    @Override
    public Object execute(Call call) {
        return host.execute(instanceId, call);
    }

    @Override
    public <T> T execute(Call call, Class<T> resultType) {
        Object result = host.execute(instanceId, call);
        if (resultType.isInstance(result)) {
            return resultType.cast(result);
        }
        return GSON.fromJson(PlainJson.compact(result), resultType);
    }

    @Override
    public CompletableFuture<Object> executeAsync(Call call) {
        return host.executeAsync(instanceId, call);
    }

    @Override
    public Flow.Publisher<Object> executeStream(Call call) {
        return host.executeStream(instanceId, call);
    }

    @Override
    public ChunkStream<Object> openStream(Call call) {
        return host.openStream(instanceId, call);
    }

    @Override
    public Map<String, Object> config() {
        return host.config(instanceId);
    }

    @Override
    public Map<String, Object> configSchema() {
        return host.configSchema(pluginName());
    }

    @Override
    public Map<String, Object> updateConfig(Map<String, Object> changes) {
        return host.updateConfig(instanceId, changes);
    }
}
