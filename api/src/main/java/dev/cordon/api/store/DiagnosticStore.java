package dev.cordon.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The workers' log lines with their job and run stamps and level, kept for queries beside the per-instance log
 * files, and trimmed by a retention policy (by age, and by size per plugin). Implementations are thread-safe.
 */
public interface DiagnosticStore {

    /**
     * Appends {@code lines} in their order.
     *
     * @throws StoreException when the backend cannot write them
     */
    void appendAll(List<LogRecord> lines);

    /**
     * The lines {@code query} selects, oldest first.
     *
     * @throws StoreException when the backend cannot read them
     */
    List<LogEntry> query(LogQuery query);

    /** The lines kept per plugin, by plugin name. */
    Map<String, LogUsage> usage();

    /**
     * Deletes every line older than {@code cutoff}.
     *
     * @return how many lines went
     */
    long deleteBefore(Instant cutoff);

    /**
     * Deletes the oldest lines of {@code plugin} until what is left takes at most {@code maxBytes}.
     *
     * @return how many lines went
     */
    long trimPlugin(String plugin, long maxBytes);
}
