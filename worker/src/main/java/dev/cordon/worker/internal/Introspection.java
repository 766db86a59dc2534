package dev.cordon.worker.internal;

import dev.cordon.api.plugin.EnvVarSpec;
import dev.cordon.api.plugin.Plugin;
import dev.cordon.manifest.ConfigSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest {@code code} section a loaded plugin declares, in the manifest's key order: {@code name, version,
 * description, module, class, interface, config_schema, worker_env}. The Java SPI declares no description,
 * taxonomy or resources, so {@code description} is empty and the other two are left out; the installer adds them
 * from plugins.yaml.
 */
final class Introspection {

    private Introspection() {}

    static Map<String, Object> codeSection(Plugin<?> plugin) {
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("name", plugin.name());
        code.put("version", plugin.version());
        code.put("description", "");
        Module module = plugin.getClass().getModule();
        code.put("module", module.isNamed() ? module.getName() : "");
        code.put("class", plugin.getClass().getName());
        code.put("interface", Plugin.class.getName());
        code.put("config_schema", plugin.configSchema().orElseGet(() -> ConfigSchemas.derive(plugin.configType())));
        List<EnvVarSpec> env = plugin.workerEnv();
        if (!env.isEmpty()) {
            List<Object> entries = new ArrayList<>();
            for (EnvVarSpec spec : env) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", spec.name());
                entry.put("secret", spec.secret());
                entry.put("required", spec.required());
                entry.put("label", spec.label());
                entry.put("description", spec.description());
                entry.put("default", spec.defaultValue());
                entry.put("options", spec.options());
                entries.add(entry);
            }
            code.put("worker_env", entries);
        }
        return code;
    }
}
