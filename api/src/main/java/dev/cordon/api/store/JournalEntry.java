package dev.cordon.api.store;

import java.util.Objects;

/**
 * A stored {@link JournalRecord} with its position: {@code seq} grows with every record a store appends, so
 * {@link JournalQuery#afterSeq} pages through the journal and follows it.
 *
 * @param seq the record's position, at least 1
 * @param record the record
 */
public record JournalEntry(long seq, JournalRecord record) {

    /** Requires a record and a positive position. */
    public JournalEntry {
        Objects.requireNonNull(record, "record");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + seq);
        }
    }
}
