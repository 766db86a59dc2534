package dev.cordon.worker.internal;

import dev.cordon.api.model.PluginTaxonomy;
import dev.cordon.api.plugin.EnvVarSpec;
import dev.cordon.api.plugin.Plugin;
import dev.cordon.manifest.ManifestCode;
import dev.cordon.manifest.Manifests;
import dev.cordon.manifest.config.ConfigSchemas;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest {@code code} section a loaded plugin declares, written as the manifest writes it: name, version,
 * description, module, class, interface (the taxonomy's interface when the plugin declares one), taxonomy,
 * resources, config_schema, worker_env (the last when not empty).
 */
final class Introspection {

    private Introspection() {}

    static Map<String, Object> codeSection(Plugin<?> plugin) {
        Module module = plugin.getClass().getModule();
        Optional<PluginTaxonomy> taxonomy = plugin.taxonomy();
        List<EnvVarSpec> env = plugin.workerEnv();
        ManifestCode code = new ManifestCode(
                plugin.name(),
                plugin.version(),
                plugin.description(),
                module.isNamed() ? module.getName() : "",
                plugin.getClass().getName(),
                taxonomy.map(PluginTaxonomy::interfaceFqcn).orElse(Plugin.class.getName()),
                taxonomy.orElse(null),
                plugin.resources().orElse(null),
                plugin.configSchema().orElseGet(() -> ConfigSchemas.derive(plugin.configType())),
                env.isEmpty() ? null : env,
                null);
        return Manifests.codeSection(code);
    }
}
