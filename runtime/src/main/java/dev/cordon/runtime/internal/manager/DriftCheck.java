package dev.cordon.runtime.internal.manager;

import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.time.Duration;
import java.util.Map;

/**
 * Compares the config schema a fresh worker reports with the hash its manifest records, and tells the catalog, so
 * that the live schema is the one shown when they differ.
 */
final class DriftCheck {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriftCheck.class);

    private final PluginCatalog catalog;
    private final Duration timeout;

    DriftCheck(PluginCatalog catalog, Duration timeout) {
        this.catalog = catalog;
        this.timeout = timeout;
    }

    @SuppressWarnings("unchecked")
    void check(DiscoveredPlugin plugin, WorkerClient client) {
        String recorded = plugin.manifest().configSchemaHash();
        if (recorded == null || recorded.isEmpty()) {
            // A manifest without drift_tracking has nothing to compare with: no drift can be told.
            catalog.drift(plugin.name(), null);
            return;
        }
        Object live = client.call(Endpoint.CONFIG_SCHEMA, null, timeout);
        Map<String, Object> schema = live instanceof Map ? (Map<String, Object>) live : Map.of();
        String liveHash = CanonicalJson.hashOf(schema);
        if (liveHash.equals(recorded)) {
            catalog.drift(plugin.name(), null);
        } else {
            catalog.drift(plugin.name(), schema);
            LOG.warn(
                    "Config schema of plugin {} drifted: the worker reports {}, manifest {} records {}; reinstall the"
                            + " plugin to refresh its manifest",
                    plugin.name(),
                    liveHash,
                    plugin.file(),
                    recorded);
        }
    }
}
