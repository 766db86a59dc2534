package dev.cordon.store.postgres;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.ResourceSample;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.postgres.internal.PostgresDatabase;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@link EmpiricalResourceStore} on PostgreSQL, table {@code empirical_resources}: what one host measured of a
 * plugin and configuration, every host's admission sees. Each call folds its samples into the records in one
 * transaction, holding their rows locked ({@code FOR UPDATE}, in key order, so hosts recording the same records at
 * once queue up rather than deadlock) and losing no sample of any host.
 */
@Component(
        service = EmpiricalResourceStore.class,
        configurationPid = PostgresStoreConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // Connects as soon as the configuration arrives, so a wrong setting shows in the log and cordon:status then.
        immediate = true,
        property = {"backend=postgres", "service.ranking:Integer=20"})
public final class PostgresEmpiricalResourceStore implements EmpiricalResourceStore, AutoCloseable {

    private static final Type USAGE_TYPE = new TypeToken<Map<String, Double>>() {}.getType();
    private static final String COLUMNS = """
            instance_id, plugin_name, config_hash, sample_count, success_count, cpu_percent_mean,
            memory_mb_peak_mean, memory_mb_peak_max, gpu_memory_mb_peak_mean, gpu_memory_mb_peak_max,
            duration_seconds_mean, api_usage_totals, last_observed""";
    private static final String ORDER = " ORDER BY instance_id COLLATE \"C\", config_hash COLLATE \"C\"";

    private final Gson gson = new Gson();
    private final PostgresDatabase db;

    /** The DS constructor. */
    @Activate
    public PostgresEmpiricalResourceStore(PostgresStoreConfiguration configuration) {
        this(PostgresSettings.from(configuration));
    }

    /**
     * Connects and migrates the schema.
     *
     * @throws StoreException when the server cannot be reached, refuses the login or has a newer schema
     */
    public PostgresEmpiricalResourceStore(PostgresSettings settings) {
        this.db = PostgresDatabase.open(settings, "cordon-pg-empirical-store");
    }

    @Override
    public void record(ResourceSample sample) {
        recordAll(List.of(Objects.requireNonNull(sample, "sample")));
    }

    @Override
    public void recordAll(List<ResourceSample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        // Key order fixes the order rows are locked in, the same on every host.
        Map<List<String>, List<ResourceSample>> byKey = new TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
        for (ResourceSample s : samples) {
            byKey.computeIfAbsent(List.of(s.instanceId(), s.configHash()), k -> new ArrayList<>())
                    .add(s);
        }
        db.write("recording " + samples.size() + " resource samples", c -> {
            for (List<ResourceSample> same : byKey.values()) {
                fold(c, same);
            }
            return null;
        });
    }

    /** Folds samples of one key into its record, creating it first when no host has yet. */
    private void fold(Connection c, List<ResourceSample> samples) throws SQLException {
        ResourceSample head = samples.get(0);
        EmpiricalResourceRecord record = select(c, head.instanceId(), head.configHash(), true)
                .map(r -> r.plus(head))
                .orElse(null);
        if (record == null) {
            record = EmpiricalResourceRecord.first(head);
            for (ResourceSample s : samples.subList(1, samples.size())) {
                record = record.plus(s);
            }
            if (insert(c, record)) {
                return;
            }
            // Another host created the record since our select; its row is there to lock and fold into now.
            record = select(c, head.instanceId(), head.configHash(), true)
                    .orElseThrow()
                    .plus(head);
        }
        for (ResourceSample s : samples.subList(1, samples.size())) {
            record = record.plus(s);
        }
        update(c, record);
    }

    private boolean insert(Connection c, EmpiricalResourceRecord r) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO empirical_resources (" + COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (instance_id, config_hash) DO NOTHING")) {
            bind(p, r);
            return p.executeUpdate() == 1;
        }
    }

    private void update(Connection c, EmpiricalResourceRecord r) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE empirical_resources SET instance_id = ?, plugin_name = ?, config_hash = ?, sample_count = ?,
                    success_count = ?, cpu_percent_mean = ?, memory_mb_peak_mean = ?, memory_mb_peak_max = ?,
                    gpu_memory_mb_peak_mean = ?, gpu_memory_mb_peak_max = ?, duration_seconds_mean = ?,
                    api_usage_totals = ?, last_observed = ?
                WHERE instance_id = ? AND config_hash = ?""")) {
            bind(p, r);
            p.setString(14, r.instanceId());
            p.setString(15, r.configHash());
            p.executeUpdate();
        }
    }

    private void bind(PreparedStatement p, EmpiricalResourceRecord r) throws SQLException {
        p.setString(1, r.instanceId());
        p.setString(2, r.pluginName());
        p.setString(3, r.configHash());
        p.setLong(4, r.sampleCount());
        p.setLong(5, r.successCount());
        p.setDouble(6, r.cpuPercentMean());
        p.setDouble(7, r.memoryMbPeakMean());
        p.setDouble(8, r.memoryMbPeakMax());
        p.setDouble(9, r.gpuMemoryMbPeakMean());
        p.setDouble(10, r.gpuMemoryMbPeakMax());
        p.setDouble(11, r.durationSecondsMean());
        p.setString(12, gson.toJson(r.apiUsageTotals(), USAGE_TYPE));
        // ISO-8601 text keeps the instant exactly, nanoseconds included, as the SQLite store does.
        p.setString(13, r.lastObserved().toString());
    }

    private Optional<EmpiricalResourceRecord> select(Connection c, String instanceId, String configHash, boolean lock)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM empirical_resources WHERE instance_id = ? AND config_hash = ?"
                        + (lock ? " FOR UPDATE" : ""))) {
            p.setString(1, instanceId);
            p.setString(2, configHash);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<EmpiricalResourceRecord> get(String instanceId, String configHash) {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(configHash, "configHash");
        return db.read(
                "reading the resource record of instance '" + instanceId + "'",
                c -> select(c, instanceId, configHash, false));
    }

    @Override
    public List<EmpiricalResourceRecord> list() {
        return query("listing resource records", "", null);
    }

    @Override
    public List<EmpiricalResourceRecord> listForPlugin(String pluginName) {
        Objects.requireNonNull(pluginName, "pluginName");
        return query(
                "listing the resource records of plugin '" + pluginName + "'", "WHERE plugin_name = ?", pluginName);
    }

    private List<EmpiricalResourceRecord> query(String action, String where, String argument) {
        return db.read(action, c -> {
            try (PreparedStatement p =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM empirical_resources " + where + ORDER)) {
                if (argument != null) {
                    p.setString(1, argument);
                }
                List<EmpiricalResourceRecord> all = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        all.add(row(rs));
                    }
                }
                return all;
            }
        });
    }

    @Override
    public boolean delete(String instanceId, String configHash) {
        return db.write("deleting the resource record of instance '" + instanceId + "'", c -> {
            try (PreparedStatement p =
                    c.prepareStatement("DELETE FROM empirical_resources WHERE instance_id = ? AND config_hash = ?")) {
                p.setString(1, instanceId);
                p.setString(2, configHash);
                return p.executeUpdate() > 0;
            }
        });
    }

    private EmpiricalResourceRecord row(ResultSet rs) throws SQLException {
        Map<String, Double> usage = gson.fromJson(rs.getString(12), USAGE_TYPE);
        return new EmpiricalResourceRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getDouble(8),
                rs.getDouble(9),
                rs.getDouble(10),
                rs.getDouble(11),
                usage == null ? Map.of() : new LinkedHashMap<>(usage),
                Instant.parse(rs.getString(13)));
    }

    /** Closes the connection pool; the DS deactivation. */
    @Deactivate
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "PostgresEmpiricalResourceStore[" + db.settings().describe() + "]";
    }
}
