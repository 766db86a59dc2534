package dev.cordon.runtime.internal.manager;

import dev.cordon.api.plugin.ConfigOption;
import dev.cordon.api.plugin.FieldOptions;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.StatusWord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Changes and reads the config of loaded instances: a change is validated over the current config and applied with
 * {@code /reconfigure} (the plugin releases what its reload triggers name); a plugin without reconfigure support gets
 * a fresh worker with the new config. The default instance's config is persisted.
 */
final class ConfigUpdates {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigUpdates.class);

    private final InstanceLifecycle lifecycle;
    private final ConfigRules rules;
    private final Duration callTimeout;
    private final Function<String, Optional<DiscoveredPlugin>> plugins;

    /** @param plugins the discovered plugin of a name */
    ConfigUpdates(
            InstanceLifecycle lifecycle,
            ConfigRules rules,
            Duration callTimeout,
            Function<String, Optional<DiscoveredPlugin>> plugins) {
        this.plugins = plugins;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.callTimeout = callTimeout;
    }

    /**
     * Merges {@code changes} into the instance's config and applies the result; returns the effective config. The
     * default instance of a discovered plugin that is not loaded gets the changes merged into its persisted config,
     * validated and persisted for its next load.
     */
    Map<String, Object> update(String instanceId, Map<String, Object> changes) {
        Optional<LoadedInstance> loaded = lifecycle.find(instanceId);
        if (loaded.isEmpty()) {
            return updateUnloaded(instanceId, changes);
        }
        LoadedInstance s = loaded.get();
        Map<String, Object> merged = new LinkedHashMap<>(s.config().values());
        merged.putAll(changes);
        return apply(s, merged);
    }

    /** The instance's config; for the default instance of a plugin that is not loaded, the one it would load with. */
    Map<String, Object> current(String instanceId) {
        Optional<LoadedInstance> loaded = lifecycle.find(instanceId);
        if (loaded.isPresent()) {
            return loaded.get().config().values();
        }
        DiscoveredPlugin plugin = unloadedDefault(instanceId);
        return rules.effective(plugin, storedOrEmpty(plugin.name())).values();
    }

    private Map<String, Object> updateUnloaded(String pluginName, Map<String, Object> changes) {
        DiscoveredPlugin plugin = unloadedDefault(pluginName);
        Map<String, Object> merged = new LinkedHashMap<>(storedOrEmpty(pluginName));
        merged.putAll(changes);
        InstanceConfig effective = rules.effective(plugin, merged);
        rules.persistUnloaded(
                pluginName,
                effective,
                rules.stored(pluginName).map(r -> r.enabled()).orElse(true));
        return effective.values();
    }

    private DiscoveredPlugin unloadedDefault(String id) {
        return plugins.apply(id).orElseThrow(() -> lifecycle.missing(id));
    }

    private Map<String, Object> storedOrEmpty(String pluginName) {
        return rules.stored(pluginName)
                .map(r -> ConfigRules.storedConfig(pluginName, r))
                .orElse(Map.of());
    }

    /** Replaces the instance's config with {@code config} (schema defaults filled in) on a fresh worker. */
    Map<String, Object> reload(String instanceId, Map<String, Object> config) {
        LoadedInstance s = lifecycle.require(instanceId);
        InstanceConfig effective = rules.effective(s.plugin(), config);
        LoadedInstance now = lifecycle.replace(s, Optional.of(effective.values()));
        rules.persist(now, now.config(), now.enabled());
        return now.config().values();
    }

    private Map<String, Object> apply(LoadedInstance s, Map<String, Object> merged) {
        InstanceConfig effective = rules.effective(s.plugin(), merged);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("old_config", s.config().values());
        body.put("new_config", effective.values());
        Object answer = s.client().call(Endpoint.RECONFIGURE, body, callTimeout);
        LoadedInstance now;
        if (StatusWord.NOT_SUPPORTED.in(answer)) {
            now = lifecycle.replace(s, Optional.of(effective.values()));
        } else {
            s.reconfigured(effective);
            now = s;
        }
        rules.persist(now, effective, now.enabled());
        return effective.values();
    }

    /** An instance's live config options; empty (logged) when the plugin cannot fetch them. */
    @SuppressWarnings("unchecked")
    Map<String, FieldOptions> options(String instanceId) {
        LoadedInstance s = lifecycle.require(instanceId);
        try {
            Object answer = s.client().call(Endpoint.CONFIG_OPTIONS, null, callTimeout);
            Map<String, FieldOptions> out = new LinkedHashMap<>();
            if (answer instanceof Map<?, ?> fields) {
                fields.forEach((field, value) -> {
                    Map<String, Object> v = value instanceof Map ? (Map<String, Object>) value : Map.of();
                    List<ConfigOption> options = new ArrayList<>();
                    if (v.get("options") instanceof List<?> list) {
                        for (Object o : list) {
                            if (o instanceof Map<?, ?> opt) {
                                options.add(option(opt));
                            }
                        }
                    }
                    out.put(
                            String.valueOf(field),
                            new FieldOptions(
                                    options,
                                    v.get("constraints") instanceof Map
                                            ? (Map<String, Object>) v.get("constraints")
                                            : Map.of()));
                });
            }
            return out;
        } catch (RuntimeException e) {
            LOG.warn("Live config options of instance {} are unavailable: {}", instanceId, e.getMessage());
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static ConfigOption option(Map<?, ?> opt) {
        Object label = opt.get("label") == null ? opt.get("value") : opt.get("label");
        return new ConfigOption(
                opt.get("value"),
                String.valueOf(label),
                opt.get("metadata") instanceof Map ? (Map<String, Object>) opt.get("metadata") : Map.of());
    }
}
