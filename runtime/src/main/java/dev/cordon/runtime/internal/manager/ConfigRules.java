package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginConfigError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.PluginConfigRecord;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestProblem;
import dev.cordon.manifest.config.ConfigValidator;
import dev.cordon.protocol.json.PlainJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How an instance's config comes to be and where it is kept: validated over the manifest's schema (strict or
 * dropping unknown keys) with the schema's defaults filled in, and, for a plugin's default instance, persisted with
 * its enabled flag in the {@link ConfigStore}.
 */
final class ConfigRules {

    private final boolean strict;
    private final Supplier<ConfigStore> store;

    ConfigRules(boolean strict, Supplier<ConfigStore> store) {
        this.strict = strict;
        this.store = store;
    }

    /**
     * The effective config of {@code given} for {@code plugin}.
     *
     * @throws dev.cordon.api.error.PluginConfigError naming the plugin and each field that is wrong
     */
    InstanceConfig effective(DiscoveredPlugin plugin, Map<String, Object> given) {
        Map<String, Object> schema = plugin.manifest().code().configSchema();
        if (schema == null || schema.isEmpty()) {
            return InstanceConfig.of(new LinkedHashMap<>(given));
        }
        ConfigValidator.UnknownKeys unknown =
                strict ? ConfigValidator.UnknownKeys.REJECT : ConfigValidator.UnknownKeys.DROP;
        List<ManifestProblem> problems = ConfigValidator.problems(given, schema, unknown);
        if (!problems.isEmpty()) {
            throw invalid(plugin.name(), problems);
        }
        return InstanceConfig.of(
                ConfigValidator.withDefaults(ConfigValidator.validate(given, schema, unknown), schema));
    }

    /** The error for an invalid config, naming the plugin and every problem with its JSON path. */
    private static PluginConfigError invalid(String pluginName, List<ManifestProblem> problems) {
        return new PluginConfigError(
                "Config for plugin '" + pluginName + "' is invalid (" + problems.size()
                        + " problem" + (problems.size() == 1 ? "" : "s") + "): "
                        + problems.stream().map(ManifestProblem::toString).collect(Collectors.joining("; "))
                        + ". Fix or remove these keys (cordon:schema " + pluginName + " shows what the plugin takes).",
                problems.stream().map(ManifestProblem::path).toList(),
                pluginName);
    }

    /** The persisted config and enabled flag of a plugin's default instance, when a store has one. */
    Optional<PluginConfigRecord> stored(String pluginName) {
        ConfigStore configs = store.get();
        return configs == null ? Optional.empty() : configs.get(pluginName);
    }

    /** The persisted config of a plugin's default instance as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> storedConfig(String pluginName, PluginConfigRecord stored) {
        Object value = PlainJson.parse(stored.configJson());
        if (!(value instanceof Map)) {
            throw new PluginInputError(
                    "The stored config of plugin '" + pluginName + "' is not a JSON object; fix it"
                            + " with cordon:config " + pluginName + " '{...}'",
                    List.of("config"),
                    null);
        }
        return (Map<String, Object>) value;
    }

    /** Persists the config and enabled flag of a default instance; other instances are not persisted. */
    void persist(LoadedInstance s, InstanceConfig config, boolean enabled) {
        ConfigStore configs = store.get();
        if (configs != null && s.id().equals(s.pluginName())) {
            configs.put(s.pluginName(), PlainJson.compact(config.values()), enabled);
        }
    }

    /**
     * Persists the config of a plugin's default instance that is not loaded, for its next load.
     *
     * @throws PluginTransientError when no config store is there to keep it
     */
    void persistUnloaded(String pluginName, InstanceConfig config, boolean enabled) {
        ConfigStore configs = store.get();
        if (configs == null) {
            throw new PluginTransientError("No config store is available to keep the config of plugin '" + pluginName
                    + "' until it loads; load it first (cordon:load " + pluginName + ") or check the store bundles"
                    + " (cordon:status)");
        }
        configs.put(pluginName, PlainJson.compact(config.values()), enabled);
    }

    /** The manifest's cap on concurrent calls ({@code overrides.max_concurrent_requests}), if it sets one. */
    static OptionalInt capOf(Manifest manifest) {
        Object cap = manifest.overrides().get("max_concurrent_requests");
        return cap instanceof Number n && n.intValue() > 0 ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
    }
}
