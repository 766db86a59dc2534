package dev.cordon.runtime.internal.shell;

import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.runtime.internal.manager.PluginOperations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code cordon:load|unload|reload|enable|disable}: the lifecycle of plugin instances. */
@Component(
        service = ShellCommands.class,
        property = {
            ShellCommands.FUNCTIONS + "=load",
            ShellCommands.FUNCTIONS + "=unload",
            ShellCommands.FUNCTIONS + "=reload",
            ShellCommands.FUNCTIONS + "=enable",
            ShellCommands.FUNCTIONS + "=disable"
        })
public final class LifecycleCommands implements ShellCommands {

    private static final String NO_ID = "";

    private final PluginOperations host;

    @Activate
    public LifecycleCommands(@Reference PluginOperations host) {
        this.host = host;
    }

    @Descriptor("load an instance of a discovered plugin (idempotent for an existing id)")
    public String load(
            CommandSession session,
            @Descriptor("instance id; default: the plugin's name") @Parameter(names = "--id", absentValue = NO_ID)
                    String id,
            @Descriptor("start an additional instance under a generated id")
                    @Parameter(names = "--new", presentValue = "true", absentValue = "false")
                    boolean newInstance,
            @Descriptor("the plugin's name") String plugin,
            @Descriptor("config as one JSON object, e.g. '{\"prefix\":\">\"}'; default: stored, then schema defaults")
                    String... config) {
        boolean json = JsonOption.requested(session);
        PluginLoadSpec defaults = host.spec(plugin);
        Optional<Map<String, Object>> cfg = config.length == 0
                ? Optional.empty()
                : Optional.of(CommandArgs.object(String.join(" ", config), "config"));
        PluginInstance i = host.load(new PluginLoadSpec(
                plugin, defaults.manifest(), id.isEmpty() ? Optional.empty() : Optional.of(id), newInstance, cfg));
        return json
                ? Json.write(i)
                : "loaded " + i.instanceId() + " (plugin " + i.pluginName() + ", "
                        + (i.enabled() ? "enabled" : "disabled") + ")";
    }

    @Descriptor("stop an instance's worker")
    public String unload(CommandSession session, @Descriptor("instance id") String id) {
        boolean json = JsonOption.requested(session);
        boolean was = host.unload(id);
        return json ? Json.write(result(id, "unloaded", was)) : (was ? "unloaded " : "not loaded: ") + id;
    }

    @Descriptor("restart an instance on a fresh worker, with its config or a new one")
    public String reload(
            CommandSession session,
            @Descriptor("instance id") String id,
            @Descriptor("a new config as one JSON object (schema defaults filled in); default: the current one")
                    String... config) {
        boolean json = JsonOption.requested(session);
        PluginInstance i = config.length == 0
                ? host.reload(id)
                : host.reload(id, CommandArgs.object(String.join(" ", config), "config"));
        return json ? Json.write(i) : "reloaded " + i.instanceId();
    }

    @Descriptor("accept calls on an instance again")
    public String enable(CommandSession session, @Descriptor("instance id") String id) {
        boolean json = JsonOption.requested(session);
        boolean changed = host.enable(id);
        return json ? Json.write(result(id, "enabled", changed)) : (changed ? "enabled " : "already enabled: ") + id;
    }

    @Descriptor("refuse new calls on an instance; on_disable runs once in-flight calls finish")
    public String disable(CommandSession session, @Descriptor("instance id") String id) {
        boolean json = JsonOption.requested(session);
        boolean changed = host.disable(id);
        return json ? Json.write(result(id, "disabled", changed)) : (changed ? "disabled " : "already disabled: ") + id;
    }

    private static Map<String, Object> result(String id, String what, boolean changed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance_id", id);
        out.put(what, changed);
        return out;
    }
}
