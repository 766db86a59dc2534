package dev.cordon.store.sqlite;

import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.PluginConfigRecord;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.DataFolder;
import dev.cordon.store.sqlite.internal.SqliteDatabase;
import dev.cordon.store.sqlite.internal.Synchronous;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@link ConfigStore} on SQLite, table {@code plugin_configs} (the original's columns). Every
 * {@link #put} is its own transaction with {@code synchronous=FULL}, so a returned put survives a crash
 * of the process and of the machine.
 */
@Component(
        service = ConfigStore.class,
        configurationPid = SqliteStoreConfiguration.PID,
        property = {"backend=sqlite", "service.ranking:Integer=10"})
@Designate(ocd = SqliteStoreConfiguration.class)
public final class SqliteConfigStore implements ConfigStore, AutoCloseable {

    private final SqliteDatabase db;
    private final Clock clock;

    /** The DS constructor: the database named by {@code db.path}, or {@code <cordon.data>/cordon.db}. */
    @Activate
    public SqliteConfigStore(BundleContext context, SqliteStoreConfiguration configuration) {
        this(DataFolder.resolve(context, configuration.db_path(), SqliteStoreConfiguration.DEFAULT_FILE_NAME));
    }

    /**
     * Opens (creating when absent) the database at {@code file}.
     *
     * @throws StoreException when the file cannot be opened, is corrupt or has a newer schema
     */
    public SqliteConfigStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /** As {@link #SqliteConfigStore(Path)}, stamping records from {@code clock}. */
    public SqliteConfigStore(Path file, Clock clock) {
        this.db = SqliteDatabase.open(file, Synchronous.FULL, "cordon-config-store");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        // Millisecond stamps survive the original's REAL-seconds column exactly.
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
                p.setInt(3, record.enabled() ? 1 : 0);
                p.setDouble(4, record.updatedAt().toEpochMilli() / 1000.0);
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
            try (PreparedStatement p = c.prepareStatement(
                            "SELECT plugin_name, config_json, enabled, updated_at FROM plugin_configs ORDER BY plugin_name");
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
        return new PluginConfigRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3) != 0,
                Instant.ofEpochMilli(Math.round(rs.getDouble(4) * 1000.0)));
    }

    /** Closes the connection pool; the DS deactivation. */
    @Deactivate
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SqliteConfigStore[" + db.file() + "]";
    }
}
