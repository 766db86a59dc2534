package dev.cordon.runtime.internal.shell;

import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginMeta;
import dev.cordon.runtime.internal.manager.DiscoveredPlugin;
import dev.cordon.runtime.internal.manager.PluginOperations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cordon:plugins}: the discovered plugins, their loaded instances and the manifests discovery skipped; with
 * {@code --canonical ROLE}, only the plugin to use for that role.
 */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=plugins"})
public final class PluginsCommand implements ShellCommands {

    private final PluginOperations host;

    @Activate
    public PluginsCommand(@Reference PluginOperations host) {
        this.host = host;
    }

    @Descriptor("rescan the manifest folders and list the plugins, their instances and skipped manifests")
    public String plugins(
            CommandSession session,
            @Descriptor("print only the canonical plugin of this role (its only implementation, or the one marked)")
                    @Parameter(names = "--canonical", absentValue = "")
                    String canonicalRole) {
        boolean json = JsonOption.requested(session);
        host.discover();
        if (!canonicalRole.isEmpty()) {
            return canonical(canonicalRole, json);
        }
        List<DiscoveredPlugin> plugins = host.discoveredPlugins();
        List<PluginInstance> instances = host.instances();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (DiscoveredPlugin p : plugins) {
                PluginMeta m = p.meta();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", m.name());
                entry.put("version", m.version());
                entry.put("runtime", m.runtime().wire());
                entry.put("category", m.category());
                entry.put("description", m.description());
                entry.put("manifest", p.file().toString());
                entry.put("deployed", p.fromDeploy());
                entry.put("config_schema_drift", m.configSchemaDrift());
                entry.put(
                        "instances",
                        instances.stream()
                                .filter(i -> i.pluginName().equals(m.name()))
                                .map(PluginInstance::instanceId)
                                .toList());
                list.add(entry);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("plugins", list);
            out.put("instances", instances);
            out.put(
                    "skipped",
                    host.discoveryProblems().stream()
                            .map(d -> Map.of("file", d.file().toString(), "reason", d.reason()))
                            .toList());
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(plugins.size()).append(" plugin(s)\n");
        for (DiscoveredPlugin p : plugins) {
            PluginMeta m = p.meta();
            List<String> ids = instances.stream()
                    .filter(i -> i.pluginName().equals(m.name()))
                    .map(i -> i.instanceId() + (i.enabled() ? "" : " (disabled)"))
                    .toList();
            sb.append(String.format(
                    "  %-16s %-8s %-7s %s%s%n",
                    m.name(),
                    m.version(),
                    m.runtime().wire(),
                    ids.isEmpty() ? "not loaded" : "loaded: " + String.join(", ", ids),
                    m.configSchemaDrift() ? "  [config schema drift]" : ""));
        }
        host.discoveryProblems().forEach(d -> sb.append("  skipped ").append(d).append('\n'));
        return sb.toString().stripTrailing();
    }

    private String canonical(String role, boolean json) {
        Optional<PluginMeta> meta = host.canonicalForRole(role);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("role", role);
            out.put("canonical", meta.map(PluginMeta::name).orElse(null));
            return Json.write(out);
        }
        return meta.map(m -> m.name() + " " + m.version() + " " + m.runtime().wire())
                .orElse("no canonical plugin for role '" + role + "': none or several implement it (see the log), "
                        + "list them with cordon:plugins");
    }
}
