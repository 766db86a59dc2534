package dev.cordon.spring.internal;

import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.SecretStore;
import dev.cordon.boot.CordonRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Cordon's health: up while the framework runs, every bundle started, every loaded instance's worker is alive and
 * the configuration store answers a read; details name the workers (pid, alive) and the stores.
 */
public final class CordonHealthIndicator extends AbstractHealthIndicator {

    private final CordonRuntime runtime;
    private final PluginManager plugins;

    public CordonHealthIndicator(CordonRuntime runtime, PluginManager plugins) {
        super("Cordon health check failed");
        this.runtime = runtime;
        this.plugins = plugins;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!runtime.isRunning()) {
            builder.down().withDetail("framework", "stopped");
            return;
        }
        boolean up = runtime.bundleFailures().isEmpty();
        builder.withDetail("framework", "running").withDetail("bundleFailures", runtime.bundleFailures());

        Map<String, Object> workers = new LinkedHashMap<>();
        for (PluginInstance instance : plugins.instances()) {
            Optional<InstanceStats> stats = plugins.stats(instance.instanceId());
            boolean alive = stats.map(InstanceStats::alive).orElse(false);
            up &= alive;
            workers.put(
                    instance.instanceId(),
                    Map.of("pid", stats.map(InstanceStats::pid).orElse(-1L), "alive", alive));
        }
        builder.withDetail("workers", workers);

        Map<String, Object> stores = new LinkedHashMap<>();
        Optional<ConfigStore> configs = runtime.findService(ConfigStore.class);
        String configState = configs.map(CordonHealthIndicator::probe).orElse("absent");
        up &= configState.equals("reachable");
        stores.put("config", configState);
        stores.put("secrets", runtime.findService(SecretStore.class).isPresent() ? "present" : "absent");
        builder.withDetail("stores", stores);

        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }

    private static String probe(ConfigStore store) {
        try {
            store.list();
            return "reachable";
        } catch (RuntimeException e) {
            return "unreachable: " + e.getMessage();
        }
    }
}
