package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.PluginConfigRecord;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.config.ConfigValidator;
import dev.cordon.protocol.json.PlainJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

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
        Map<String, Object> valid = ConfigValidator.validate(given, schema,
                strict ? ConfigValidator.UnknownKeys.REJECT : ConfigValidator.UnknownKeys.DROP);
        return InstanceConfig.of(ConfigValidator.withDefaults(valid, schema));
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
            throw new PluginInputError("The stored config of plugin '" + pluginName + "' is not a JSON object; fix it"
                    + " with cordon:config " + pluginName + " '{...}'", List.of("config"), null);
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

    /** The manifest's cap on concurrent calls ({@code overrides.max_concurrent_requests}), if it sets one. */
    static OptionalInt capOf(Manifest manifest) {
        Object cap = manifest.overrides().get("max_concurrent_requests");
        return cap instanceof Number n && n.intValue() > 0 ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
    }
}
