package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Sets and removes plugin secrets; the plugin's loaded instances get fresh workers, which see the change. */
final class SecretChanges {

    private final Supplier<SecretStore> store;
    private final InstanceLifecycle lifecycle;

    SecretChanges(Supplier<SecretStore> store, InstanceLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    /** Stores the secret; returns the ids of the respawned instances. */
    List<String> set(String pluginName, String key, SecretValue value) {
        secretStore().set(pluginName, key, value);
        // The name only: a record never carries a secret's value.
        lifecycle.journal().record(JournalRecord.of(JournalKind.SECRET_SET, null, pluginName, Map.of("name", key)));
        return respawn(pluginName);
    }

    /** Removes the secret; returns the ids of the respawned instances (none when there was no such secret). */
    List<String> delete(String pluginName, String key) {
        if (!secretStore().delete(pluginName, key)) {
            return List.of();
        }
        lifecycle.journal().record(JournalRecord.of(JournalKind.SECRET_REMOVED, null, pluginName, Map.of("name", key)));
        return respawn(pluginName);
    }

    private SecretStore secretStore() {
        SecretStore secrets = store.get();
        if (secrets == null) {
            throw new PluginTransientError("No secret store is available; check the store bundles (cordon:status)");
        }
        return secrets;
    }

    private List<String> respawn(String pluginName) {
        List<String> ids = new ArrayList<>();
        for (LoadedInstance s : lifecycle.all()) {
            if (s.pluginName().equals(pluginName)) {
                lifecycle.replace(s, Optional.empty());
                ids.add(s.id());
            }
        }
        return ids;
    }
}
