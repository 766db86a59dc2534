package dev.cordon.store.sqlite;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.ResourceSample;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.DataFolder;
import dev.cordon.store.sqlite.internal.GroupCommitWriter;
import dev.cordon.store.sqlite.internal.SqliteDatabase;
import dev.cordon.store.sqlite.internal.Synchronous;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@link EmpiricalResourceStore} on SQLite, table {@code empirical_resources} (the original's columns;
 * {@code last_observed} as ISO-8601 text, {@code api_usage_totals} as a JSON object).
 *
 * <p>Writes go through a group-commit writer: {@link #record} and {@link #recordAll} block until their
 * samples are committed, but concurrent callers share one transaction, so recording from many threads
 * costs one commit per round. Commits use {@code synchronous=NORMAL}: a committed sample survives a
 * crash of the process, while an operating-system crash may roll back the last moments of samples.
 */
@Component(
        service = EmpiricalResourceStore.class,
        configurationPid = SqliteStoreConfiguration.PID,
        property = {"backend=sqlite", "service.ranking:Integer=10"})
public final class SqliteEmpiricalResourceStore implements EmpiricalResourceStore, AutoCloseable {

    private static final Duration COMMIT_WAIT_LIMIT = Duration.ofSeconds(60);
    private static final Type USAGE_TYPE = new TypeToken<Map<String, Double>>() {}.getType();
    private static final String COLUMNS = """
            instance_id, plugin_name, config_hash, sample_count, success_count, cpu_percent_mean,
            memory_mb_peak_mean, memory_mb_peak_max, gpu_memory_mb_peak_mean, gpu_memory_mb_peak_max,
            duration_seconds_mean, api_usage_totals, last_observed""";

    private final Gson gson = new Gson();
    private final SqliteDatabase db;
    private final GroupCommitWriter<ResourceSample> writer;

    /** The DS constructor: the database named by {@code db.path}, or {@code <cordon.data>/cordon.db}. */
    @Activate
    public SqliteEmpiricalResourceStore(BundleContext context, SqliteStoreConfiguration configuration) {
        this(DataFolder.resolve(context, configuration.db_path(), SqliteStoreConfiguration.DEFAULT_FILE_NAME));
    }

    /**
     * Opens (creating when absent) the database at {@code file} and starts the writer thread.
     *
     * @throws StoreException when the file cannot be opened, is corrupt or has a newer schema
     */
    public SqliteEmpiricalResourceStore(Path file) {
        this.db = SqliteDatabase.open(file, Synchronous.NORMAL, "cordon-empirical-store");
        this.writer =
                new GroupCommitWriter<>("cordon-empirical-store-writer", db.file(), this::commit, COMMIT_WAIT_LIMIT);
    }

    @Override
    public void record(ResourceSample sample) {
        writer.submit(List.of(Objects.requireNonNull(sample, "sample")));
    }

    /** {@inheritDoc} The samples may share their transaction with samples other threads record at the same time. */
    @Override
    public void recordAll(List<ResourceSample> samples) {
        if (!samples.isEmpty()) {
            writer.submit(samples);
        }
    }

    private void commit(List<ResourceSample> samples) {
        db.write("recording " + samples.size() + " resource samples", c -> {
            Map<List<String>, EmpiricalResourceRecord> touched = new LinkedHashMap<>();
            for (ResourceSample s : samples) {
                List<String> key = List.of(s.instanceId(), s.configHash());
                EmpiricalResourceRecord before = touched.containsKey(key)
                        ? touched.get(key)
                        : select(c, s.instanceId(), s.configHash()).orElse(null);
                touched.put(key, before == null ? EmpiricalResourceRecord.first(s) : before.plus(s));
            }
            for (EmpiricalResourceRecord r : touched.values()) {
                upsert(c, r);
            }
            return null;
        });
    }

    private void upsert(Connection c, EmpiricalResourceRecord r) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT OR REPLACE INTO empirical_resources (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
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
            p.setString(13, r.lastObserved().toString());
            p.executeUpdate();
        }
    }

    private Optional<EmpiricalResourceRecord> select(Connection c, String instanceId, String configHash)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM empirical_resources WHERE instance_id = ? AND config_hash = ?")) {
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
                "reading the resource record of instance '" + instanceId + "'", c -> select(c, instanceId, configHash));
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
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM empirical_resources " + where
                    + " ORDER BY instance_id, config_hash")) {
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
                usage == null ? Map.of() : usage,
                // Accepts both our "...Z" and the original's "+00:00" spelling.
                OffsetDateTime.parse(rs.getString(13).replace("Z", "+00:00")).toInstant());
    }

    /** Commits the samples already handed over, stops the writer and closes the pool; the DS deactivation. */
    @Deactivate
    @Override
    public void close() {
        writer.close();
        db.close();
    }

    @Override
    public String toString() {
        return "SqliteEmpiricalResourceStore[" + db.file() + "]";
    }
}
