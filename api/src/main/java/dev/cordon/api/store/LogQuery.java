package dev.cordon.api.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which log lines to read: every non-{@code null} filter must match (an empty {@code levels} matches every level);
 * lines come oldest first, those after position {@code afterSeq}, at most {@code limit}. Start from {@link #all()}.
 *
 * @param from lines at or after this time, or {@code null}
 * @param instanceId lines of this instance, or {@code null}
 * @param plugin lines of this plugin, or {@code null}
 * @param jobId lines stamped with this job, or {@code null}
 * @param runId lines stamped with this run, or {@code null}
 * @param levels lines of these levels; empty for all
 * @param afterSeq lines after this position (0 for the first page)
 * @param limit the most lines to return, 1 to {@value JournalQuery#MAX_LIMIT}
 */
public record LogQuery(
        Instant from,
        String instanceId,
        String plugin,
        String jobId,
        String runId,
        Set<LogLevel> levels,
        long afterSeq,
        int limit) {

    /** Checks the bounds of the page. */
    public LogQuery {
        levels = levels == null || levels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(levels));
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, got " + afterSeq);
        }
        if (limit < 1 || limit > JournalQuery.MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "limit must be between 1 and " + JournalQuery.MAX_LIMIT + ", got " + limit);
        }
    }

    /** Every line, first page of {@value JournalQuery#DEFAULT_LIMIT}. */
    public static LogQuery all() {
        return new LogQuery(null, null, null, null, null, Set.of(), 0, JournalQuery.DEFAULT_LIMIT);
    }

    /** Lines at or after {@code t}. */
    public LogQuery withFrom(Instant t) {
        return new LogQuery(t, instanceId, plugin, jobId, runId, levels, afterSeq, limit);
    }

    /** Lines of instance {@code id}. */
    public LogQuery withInstance(String id) {
        return new LogQuery(from, id, plugin, jobId, runId, levels, afterSeq, limit);
    }

    /** Lines of plugin {@code name}. */
    public LogQuery withPlugin(String name) {
        return new LogQuery(from, instanceId, name, jobId, runId, levels, afterSeq, limit);
    }

    /** Lines stamped with job {@code id}. */
    public LogQuery withJob(String id) {
        return new LogQuery(from, instanceId, plugin, id, runId, levels, afterSeq, limit);
    }

    /** Lines stamped with run {@code id}. */
    public LogQuery withRun(String id) {
        return new LogQuery(from, instanceId, plugin, jobId, id, levels, afterSeq, limit);
    }

    /** Lines of these levels; empty for all. */
    public LogQuery withLevels(Set<LogLevel> l) {
        return new LogQuery(from, instanceId, plugin, jobId, runId, l, afterSeq, limit);
    }

    /** Lines after position {@code seq}. */
    public LogQuery withAfterSeq(long seq) {
        return new LogQuery(from, instanceId, plugin, jobId, runId, levels, seq, limit);
    }

    /** At most {@code n} lines. */
    public LogQuery withLimit(int n) {
        return new LogQuery(from, instanceId, plugin, jobId, runId, levels, afterSeq, n);
    }

    /** Whether {@code e} passes every filter, its position included (the limit aside). */
    public boolean matches(LogEntry e) {
        LogRecord r = e.record();
        return e.seq() > afterSeq
                && (from == null || !r.time().isBefore(from))
                && (instanceId == null || instanceId.equals(r.instanceId()))
                && (plugin == null || plugin.equals(r.plugin()))
                && (jobId == null || jobId.equals(r.jobId()))
                && (runId == null || runId.equals(r.runId()))
                && (levels.isEmpty() || levels.contains(r.level()));
    }
}
