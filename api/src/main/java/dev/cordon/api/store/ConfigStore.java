package dev.cordon.api.store;

import java.util.Map;
import java.util.Optional;

/**
 * Per-plugin configuration and enabled flag, kept across restarts.
 *
 * <p>The configuration is JSON object text: the store neither parses nor validates it (validation
 * against the plugin's schema happens before anything is stored). Implementations are thread-safe; a
 * {@link #put} that returned has been committed, and survives a crash of the process that made it.
 * Every method throws {@link StoreException} when the backend fails.
 */
public interface ConfigStore {

    /** The record for {@code pluginName}, or empty when none was ever stored (or it was deleted). */
    Optional<PluginConfigRecord> get(String pluginName);

    /**
     * Stores the configuration and enabled flag of {@code pluginName}, replacing any earlier record, and
     * stamps it with the current time.
     *
     * @return the record as stored, with its {@link PluginConfigRecord#updatedAt()} stamp
     */
    PluginConfigRecord put(String pluginName, String configJson, boolean enabled);

    /** Removes the record of {@code pluginName}; true when there was one. */
    boolean delete(String pluginName);

    /** Every stored record, keyed by plugin name, in name order. */
    Map<String, PluginConfigRecord> list();
}
