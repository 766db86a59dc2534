package dev.cordon.store.postgres;

import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogRecord;
import dev.cordon.api.store.LogUsage;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.JournalSql;
import dev.cordon.store.postgres.internal.PostgresDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@link DiagnosticStore} on PostgreSQL, table {@code log_lines}: the worker log lines of every host of a cluster,
 * with their level and job/run/actor stamps, indexed by time, plugin, instance, job and run.
 */
@Component(
        service = DiagnosticStore.class,
        configurationPid = PostgresStoreConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        property = {"backend=postgres", "service.ranking:Integer=20"})
public final class PostgresDiagnosticStore implements DiagnosticStore, AutoCloseable {

    private final PostgresDatabase db;

    /** The DS constructor. */
    @Activate
    public PostgresDiagnosticStore(PostgresStoreConfiguration configuration) {
        this(PostgresSettings.from(configuration));
    }

    /**
     * Connects and migrates the schema.
     *
     * @throws StoreException when the server cannot be reached, refuses the login or has a newer schema
     */
    public PostgresDiagnosticStore(PostgresSettings settings) {
        this.db = PostgresDatabase.open(settings, "cordon-pg-diagnostic-store");
    }

    @Override
    public void appendAll(List<LogRecord> lines) {
        Objects.requireNonNull(lines, "lines");
        if (lines.isEmpty()) {
            return;
        }
        db.write("appending " + lines.size() + " log lines", c -> {
            JournalSql.insertLines(c, lines);
            return null;
        });
    }

    @Override
    public List<LogEntry> query(LogQuery query) {
        Objects.requireNonNull(query, "query");
        return db.read("reading log lines", c -> JournalSql.query(c, query));
    }

    @Override
    public Map<String, LogUsage> usage() {
        return db.read("measuring the log lines kept", JournalSql::usage);
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return db.write("deleting log lines older than " + cutoff, c -> JournalSql.deleteBefore(c, cutoff));
    }

    @Override
    public long trimPlugin(String plugin, long maxBytes) {
        Objects.requireNonNull(plugin, "plugin");
        return db.write(
                "trimming the log lines of plugin '" + plugin + "'", c -> JournalSql.trimPlugin(c, plugin, maxBytes));
    }

    /** Closes the pool; the DS deactivation. */
    @Deactivate
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "PostgresDiagnosticStore[" + db.settings() + "]";
    }
}
