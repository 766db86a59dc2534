package dev.cordon.api.store;

import java.util.List;

/**
 * The journal: an append-only record of what the runtime did (worker lifecycle, admission, configuration, secrets by
 * name, plugins, jobs). Records are never changed; each gets the next position ({@link JournalEntry#seq}).
 * Implementations are thread-safe.
 */
public interface JournalStore {

    /**
     * Appends {@code records} in their order, in one transaction where the backend has them.
     *
     * @throws StoreException when the backend cannot write them
     */
    void appendAll(List<JournalRecord> records);

    /**
     * The records {@code query} selects, oldest first.
     *
     * @throws StoreException when the backend cannot read them
     */
    List<JournalEntry> query(JournalQuery query);

    /** The position of the newest record, 0 when the journal is empty. */
    long lastSeq();
}
