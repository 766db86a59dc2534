package dev.cordon.store.sqlite;

import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogRecord;
import dev.cordon.api.store.LogUsage;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.DataFolder;
import dev.cordon.store.internal.JournalSql;
import dev.cordon.store.sqlite.internal.SqliteDatabase;
import dev.cordon.store.sqlite.internal.Synchronous;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@link DiagnosticStore} on SQLite, table {@code log_lines}: one row per worker log line with its level, job, run
 * and actor stamps and its size, indexed by time, plugin, instance, job and run.
 */
@Component(
        service = DiagnosticStore.class,
        configurationPid = SqliteStoreConfiguration.PID,
        property = {"backend=sqlite", "service.ranking:Integer=10"})
public final class SqliteDiagnosticStore implements DiagnosticStore, AutoCloseable {

    private final SqliteDatabase db;

    /** The DS constructor: the database named by {@code db.path}, or {@code <cordon.data>/cordon.db}. */
    @Activate
    public SqliteDiagnosticStore(BundleContext context, SqliteStoreConfiguration configuration) {
        this(DataFolder.resolve(context, configuration.db_path(), SqliteStoreConfiguration.DEFAULT_FILE_NAME));
    }

    /**
     * Opens (creating when absent) the database at {@code file}.
     *
     * @throws StoreException when the file cannot be opened, is corrupt or has a newer schema
     */
    public SqliteDiagnosticStore(Path file) {
        this.db = SqliteDatabase.open(file, Synchronous.NORMAL, "cordon-diagnostic-store");
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
        return "SqliteDiagnosticStore[" + db.file() + "]";
    }
}
