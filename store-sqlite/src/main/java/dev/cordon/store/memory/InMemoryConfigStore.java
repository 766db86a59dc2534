package dev.cordon.store.memory;

import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.PluginConfigRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link ConfigStore} held in memory, stamping records at millisecond precision like the SQLite store. */
public final class InMemoryConfigStore implements ConfigStore {

    private final Map<String, PluginConfigRecord> records = new ConcurrentSkipListMap<>();
    private final Clock clock;

    public InMemoryConfigStore() {
        this(Clock.systemUTC());
    }

    public InMemoryConfigStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<PluginConfigRecord> get(String pluginName) {
        return Optional.ofNullable(records.get(Objects.requireNonNull(pluginName, "pluginName")));
    }

    @Override
    public PluginConfigRecord put(String pluginName, String configJson, boolean enabled) {
        PluginConfigRecord record =
                new PluginConfigRecord(pluginName, configJson, enabled, Instant.ofEpochMilli(clock.millis()));
        records.put(pluginName, record);
        return record;
    }

    @Override
    public boolean delete(String pluginName) {
        return records.remove(Objects.requireNonNull(pluginName, "pluginName")) != null;
    }

    @Override
    public Map<String, PluginConfigRecord> list() {
        return new LinkedHashMap<>(records);
    }

    @Override
    public String toString() {
        return "InMemoryConfigStore[" + records.size() + " plugins]";
    }
}
