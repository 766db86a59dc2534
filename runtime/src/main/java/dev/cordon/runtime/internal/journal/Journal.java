package dev.cordon.runtime.internal.journal;

import dev.cordon.api.store.JournalRecord;

/**
 * Where the runtime's parts hand journal records: {@link #record} never blocks and never throws, so it may be called
 * on any path, the call path included. A record that cannot be kept is counted as dropped by the implementation.
 */
@FunctionalInterface
public interface Journal {

    /** A journal that keeps nothing, for a host built without one. */
    Journal OFF = record -> {};

    /** Hands over {@code record}; returns at once. */
    void record(JournalRecord record);
}
