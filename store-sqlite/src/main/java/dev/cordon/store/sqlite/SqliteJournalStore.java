package dev.cordon.store.sqlite;

import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.DataFolder;
import dev.cordon.store.internal.JournalSql;
import dev.cordon.store.sqlite.internal.SqliteDatabase;
import dev.cordon.store.sqlite.internal.Synchronous;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@link JournalStore} on SQLite, table {@code journal}: one row per record, indexed by time, instance, plugin, job
 * and run. The runtime appends in batches from one thread, so each batch is one transaction; commits use
 * {@code synchronous=NORMAL}, so a record survives a kill of the process.
 */
@Component(
        service = JournalStore.class,
        configurationPid = SqliteStoreConfiguration.PID,
        property = {"backend=sqlite", "service.ranking:Integer=10"})
public final class SqliteJournalStore implements JournalStore, AutoCloseable {

    private final SqliteDatabase db;

    /** The DS constructor: the database named by {@code db.path}, or {@code <cordon.data>/cordon.db}. */
    @Activate
    public SqliteJournalStore(BundleContext context, SqliteStoreConfiguration configuration) {
        this(DataFolder.resolve(context, configuration.db_path(), SqliteStoreConfiguration.DEFAULT_FILE_NAME));
    }

    /**
     * Opens (creating when absent) the database at {@code file}.
     *
     * @throws StoreException when the file cannot be opened, is corrupt or has a newer schema
     */
    public SqliteJournalStore(Path file) {
        this.db = SqliteDatabase.open(file, Synchronous.NORMAL, "cordon-journal-store");
    }

    @Override
    public void appendAll(List<JournalRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            return;
        }
        db.write("appending " + records.size() + " journal records", c -> {
            JournalSql.insertRecords(c, records);
            return null;
        });
    }

    @Override
    public List<JournalEntry> query(JournalQuery query) {
        Objects.requireNonNull(query, "query");
        return db.read("reading the journal", c -> JournalSql.query(c, query));
    }

    @Override
    public long lastSeq() {
        return db.read("reading the journal's last position", JournalSql::lastSeq);
    }

    /** Closes the pool; the DS deactivation. */
    @Deactivate
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SqliteJournalStore[" + db.file() + "]";
    }
}
