package dev.cordon.store.postgres;

import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.JournalSql;
import dev.cordon.store.postgres.internal.PostgresDatabase;
import java.util.List;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@link JournalStore} on PostgreSQL, table {@code journal}, shared by the hosts of a cluster. Positions come from an
 * identity column: a reader following the journal from a position may see a record of another host's transaction
 * that committed later with a lower position only in a query that does not start after it.
 */
@Component(
        service = JournalStore.class,
        configurationPid = PostgresStoreConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        property = {"backend=postgres", "service.ranking:Integer=20"})
public final class PostgresJournalStore implements JournalStore, AutoCloseable {

    private final PostgresDatabase db;

    /** The DS constructor. */
    @Activate
    public PostgresJournalStore(PostgresStoreConfiguration configuration) {
        this(PostgresSettings.from(configuration));
    }

    /**
     * Connects and migrates the schema.
     *
     * @throws StoreException when the server cannot be reached, refuses the login or has a newer schema
     */
    public PostgresJournalStore(PostgresSettings settings) {
        this.db = PostgresDatabase.open(settings, "cordon-pg-journal-store");
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
        return "PostgresJournalStore[" + db.settings() + "]";
    }
}
