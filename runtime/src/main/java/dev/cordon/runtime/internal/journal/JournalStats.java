package dev.cordon.runtime.internal.journal;

/**
 * The journal writer's counters.
 *
 * @param written records the store accepted
 * @param dropped records lost: the buffer was full, no store was bound, or the store failed
 * @param queued records waiting in the buffer now
 * @param capacity the buffer's size
 * @param storeBound whether a journal store is bound now
 */
public record JournalStats(long written, long dropped, int queued, int capacity, boolean storeBound) {}
