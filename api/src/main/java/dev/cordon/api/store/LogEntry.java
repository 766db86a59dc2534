package dev.cordon.api.store;

import java.util.Objects;

/**
 * A stored {@link LogRecord} with its position, which grows with every line appended.
 *
 * @param seq the line's position, at least 1
 * @param record the line
 */
public record LogEntry(long seq, LogRecord record) {

    /** Requires a record and a positive position. */
    public LogEntry {
        Objects.requireNonNull(record, "record");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + seq);
        }
    }
}
