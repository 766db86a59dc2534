package dev.cordon.store.postgres;

import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.PluginConfigRecord;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.postgres.internal.PostgresDatabase;
import dev.cordon.store.postgres.internal.Timestamps;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@link ConfigStore} on PostgreSQL, table {@code plugin_configs}: every host of a cluster reads the same plugin
 * configurations, so a plugin configured once runs alike wherever its jobs land. Every {@link #put} is its own
 * committed transaction.
 */
@Component(
        service = ConfigStore.class,
        configurationPid = PostgresStoreConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // Connects as soon as the configuration arrives, so a wrong setting shows in the log and cordon:status then.
        immediate = true,
        property = {"backend=postgres", "service.ranking:Integer=20"})
@Designate(ocd = PostgresStoreConfiguration.class)
public final class PostgresConfigStore implements ConfigStore, AutoCloseable {

    private final PostgresDatabase db;
    private final Clock clock;

    /** The DS constructor. */
    @Activate
    public PostgresConfigStore(PostgresStoreConfiguration configuration) {
        this(PostgresSettings.from(configuration), Clock.systemUTC());
    }

    /**
     * Connects and migrates the schema, stamping records from {@code clock}.
     *
     * @throws StoreException when the server cannot be reached, refuses the login or has a newer schema
     */
    public PostgresConfigStore(PostgresSettings settings, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.db = PostgresDatabase.open(settings, "cordon-pg-config-store");
    }

    @Override
    public Optional<PluginConfigRecord> get(String pluginName) {
        Objects.requireNonNull(pluginName, "pluginName");
        return db.read("reading the configuration of plugin '" + pluginName + "'", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT plugin_name, config_json, enabled, updated_at FROM plugin_configs WHERE plugin_name = ?")) {
                p.setString(1, pluginName);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public PluginConfigRecord put(String pluginName, String configJson, boolean enabled) {
        PluginConfigRecord record =
                new PluginConfigRecord(pluginName, configJson, enabled, Instant.ofEpochMilli(clock.millis()));
        return db.write("writing the configuration of plugin '" + pluginName + "'", c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO plugin_configs (plugin_name, config_json, enabled, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (plugin_name) DO UPDATE SET
                        config_json = excluded.config_json, enabled = excluded.enabled, updated_at = excluded.updated_at
                    """)) {
                p.setString(1, record.pluginName());
                p.setString(2, record.configJson());
                p.setBoolean(3, record.enabled());
                Timestamps.set(p, 4, record.updatedAt());
                p.executeUpdate();
            }
            return record;
        });
    }

    @Override
    public boolean delete(String pluginName) {
        Objects.requireNonNull(pluginName, "pluginName");
        return db.write("deleting the configuration of plugin '" + pluginName + "'", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM plugin_configs WHERE plugin_name = ?")) {
                p.setString(1, pluginName);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Map<String, PluginConfigRecord> list() {
        return db.read("listing plugin configurations", c -> {
            Map<String, PluginConfigRecord> all = new LinkedHashMap<>();
            // Byte order, as the SQLite store lists them, whatever the database's collation.
            try (PreparedStatement p = c.prepareStatement("SELECT plugin_name, config_json, enabled, updated_at"
                            + " FROM plugin_configs ORDER BY plugin_name COLLATE \"C\"");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    PluginConfigRecord r = row(rs);
                    all.put(r.pluginName(), r);
                }
            }
            return all;
        });
    }

    private static PluginConfigRecord row(ResultSet rs) throws SQLException {
        return new PluginConfigRecord(rs.getString(1), rs.getString(2), rs.getBoolean(3), Timestamps.get(rs, 4));
    }

    /** Closes the connection pool; the DS deactivation. */
    @Deactivate
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "PostgresConfigStore[" + db.settings().describe() + "]";
    }
}
