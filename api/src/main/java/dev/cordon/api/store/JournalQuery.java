package dev.cordon.api.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which journal records to read: every non-{@code null} filter must match (an empty {@code kinds} matches every
 * kind); the records come oldest first, those after position {@code afterSeq}, at most {@code limit} of them.
 * Start from {@link #all()} and narrow with the {@code with...} methods.
 *
 * @param from records at or after this time, or {@code null}
 * @param until records before this time, or {@code null}
 * @param instanceId records of this instance, or {@code null}
 * @param plugin records of this plugin, or {@code null}
 * @param jobId records of this job, or {@code null}
 * @param runId records of this run id, or {@code null}
 * @param actor records of this actor, or {@code null}
 * @param kinds records of these kinds; empty for all
 * @param afterSeq records after this position (0 for the first page)
 * @param limit the most records to return, 1 to {@value #MAX_LIMIT}
 */
public record JournalQuery(
        Instant from,
        Instant until,
        String instanceId,
        String plugin,
        String jobId,
        String runId,
        String actor,
        Set<JournalKind> kinds,
        long afterSeq,
        int limit) {

    /** The most records one query returns. */
    public static final int MAX_LIMIT = 10_000;

    /** The page size of {@link #all()}. */
    public static final int DEFAULT_LIMIT = 1000;

    /** Checks the bounds of the page. */
    public JournalQuery {
        kinds = kinds == null || kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, got " + afterSeq);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Every record, first page of {@value #DEFAULT_LIMIT}. */
    public static JournalQuery all() {
        return new JournalQuery(null, null, null, null, null, null, null, Set.of(), 0, DEFAULT_LIMIT);
    }

    /** Records at or after {@code t}. */
    public JournalQuery withFrom(Instant t) {
        return new JournalQuery(t, until, instanceId, plugin, jobId, runId, actor, kinds, afterSeq, limit);
    }

    /** Records before {@code t}. */
    public JournalQuery withUntil(Instant t) {
        return new JournalQuery(from, t, instanceId, plugin, jobId, runId, actor, kinds, afterSeq, limit);
    }

    /** Records of instance {@code id}. */
    public JournalQuery withInstance(String id) {
        return new JournalQuery(from, until, id, plugin, jobId, runId, actor, kinds, afterSeq, limit);
    }

    /** Records of plugin {@code name}. */
    public JournalQuery withPlugin(String name) {
        return new JournalQuery(from, until, instanceId, name, jobId, runId, actor, kinds, afterSeq, limit);
    }

    /** Records of job {@code id}. */
    public JournalQuery withJob(String id) {
        return new JournalQuery(from, until, instanceId, plugin, id, runId, actor, kinds, afterSeq, limit);
    }

    /** Records of run {@code id}. */
    public JournalQuery withRun(String id) {
        return new JournalQuery(from, until, instanceId, plugin, jobId, id, actor, kinds, afterSeq, limit);
    }

    /** Records of actor {@code who}. */
    public JournalQuery withActor(String who) {
        return new JournalQuery(from, until, instanceId, plugin, jobId, runId, who, kinds, afterSeq, limit);
    }

    /** Records of these kinds; empty for all. */
    public JournalQuery withKinds(Set<JournalKind> k) {
        return new JournalQuery(from, until, instanceId, plugin, jobId, runId, actor, k, afterSeq, limit);
    }

    /** Records after position {@code seq}. */
    public JournalQuery withAfterSeq(long seq) {
        return new JournalQuery(from, until, instanceId, plugin, jobId, runId, actor, kinds, seq, limit);
    }

    /** At most {@code n} records. */
    public JournalQuery withLimit(int n) {
        return new JournalQuery(from, until, instanceId, plugin, jobId, runId, actor, kinds, afterSeq, n);
    }

    /** Whether {@code e} passes every filter, its position included (the limit aside). */
    public boolean matches(JournalEntry e) {
        JournalRecord r = e.record();
        return e.seq() > afterSeq
                && (from == null || !r.time().isBefore(from))
                && (until == null || r.time().isBefore(until))
                && (instanceId == null || instanceId.equals(r.instanceId()))
                && (plugin == null || plugin.equals(r.plugin()))
                && (jobId == null || jobId.equals(r.jobId()))
                && (runId == null || runId.equals(r.runId()))
                && (actor == null || actor.equals(r.actor()))
                && (kinds.isEmpty() || kinds.contains(r.kind()));
    }
}
