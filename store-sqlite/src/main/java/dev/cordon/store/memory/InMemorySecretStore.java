package dev.cordon.store.memory;

import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.store.internal.SecretKeys;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link SecretStore} held in memory, applying the same name rules as the file backends. */
public final class InMemorySecretStore implements SecretStore {

    private final Map<String, Map<String, SecretValue>> secrets = new TreeMap<>();

    @Override
    public synchronized void set(String pluginName, String key, SecretValue value) {
        SecretKeys.requirePlugin(pluginName);
        SecretKeys.requireKey(key);
        Objects.requireNonNull(value, "value");
        secrets.computeIfAbsent(pluginName, p -> new TreeMap<>()).put(key, value);
    }

    @Override
    public synchronized Optional<SecretValue> get(String pluginName, String key) {
        SecretKeys.requirePlugin(pluginName);
        SecretKeys.requireKey(key);
        return Optional.ofNullable(secrets.getOrDefault(pluginName, Map.of()).get(key));
    }

    @Override
    public synchronized boolean delete(String pluginName, String key) {
        SecretKeys.requirePlugin(pluginName);
        SecretKeys.requireKey(key);
        Map<String, SecretValue> plugin = secrets.get(pluginName);
        if (plugin == null || plugin.remove(key) == null) {
            return false;
        }
        if (plugin.isEmpty()) {
            secrets.remove(pluginName);
        }
        return true;
    }

    @Override
    public synchronized List<String> names(String pluginName) {
        return List.copyOf(secrets.getOrDefault(SecretKeys.requirePlugin(pluginName), Map.of())
                .keySet());
    }

    @Override
    public synchronized List<String> plugins() {
        return List.copyOf(secrets.keySet());
    }

    @Override
    public synchronized String toString() {
        return "InMemorySecretStore[" + secrets.size() + " plugins, values redacted]";
    }
}
