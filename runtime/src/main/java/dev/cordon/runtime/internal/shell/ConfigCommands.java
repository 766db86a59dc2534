package dev.cordon.runtime.internal.shell;

import dev.cordon.api.model.PluginInstance;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.manager.PluginOperations;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code cordon:config|schema|options}: an instance's config (read or change), a plugin's schema, live options. */
@Component(
        service = ShellCommands.class,
        property = {
            ShellCommands.FUNCTIONS + "=config",
            ShellCommands.FUNCTIONS + "=schema",
            ShellCommands.FUNCTIONS + "=options"
        })
public final class ConfigCommands implements ShellCommands {

    private final PluginOperations host;

    @Activate
    public ConfigCommands(@Reference PluginOperations host) {
        this.host = host;
    }

    @Descriptor("show an instance's config, or validate, apply and persist changes to it")
    public String config(
            CommandSession session,
            @Descriptor("instance id") String id,
            @Descriptor("changes as one JSON object, e.g. '{\"prefix\":\">\"}'") String... changes) {
        boolean json = JsonOption.requested(session);
        Map<String, Object> config = changes.length == 0
                ? host.config(id)
                : host.updateConfig(id, CommandArgs.object(String.join(" ", changes), "config"));
        return json ? Json.write(config) : PlainJson.pretty(config);
    }

    @Descriptor("show a plugin's config JSON Schema (the live one when it drifted)")
    public String schema(CommandSession session, @Descriptor("plugin name or instance id") String name) {
        boolean json = JsonOption.requested(session);
        String plugin = host.instance(name).map(PluginInstance::pluginName).orElse(name);
        Map<String, Object> schema = host.configSchema(plugin);
        return json ? Json.write(schema) : PlainJson.pretty(schema);
    }

    @Descriptor("show an instance's live config options (empty when the plugin has none)")
    public String options(CommandSession session, @Descriptor("instance id") String id) {
        boolean json = JsonOption.requested(session);
        var options = host.configOptions(id);
        if (json) {
            return Json.write(options);
        }
        StringBuilder sb = new StringBuilder();
        options.forEach((field, o) -> sb.append(field)
                .append(": ")
                .append(o.options().stream()
                        .map(c -> c.label() + "=" + PlainJson.compact(c.value()))
                        .toList())
                .append('\n'));
        return sb.length() == 0 ? "no live options" : sb.toString().stripTrailing();
    }
}
