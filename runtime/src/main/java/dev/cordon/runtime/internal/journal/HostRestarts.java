package dev.cordon.runtime.internal.journal;

import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the story of workers an earlier run of the host started and never saw end: a host killed with SIGKILL
 * writes no exit record, and its workers die with it (each worker's process group is reaped when the host goes). The
 * spawn records written before this host started, without a later exit record for the same instance and pid, get a
 * {@link JournalKind#WORKER_EXITED} with cause {@code host_restart}. Done once, at the first store bound.
 */
final class HostRestarts {

    private static final Logger LOG = LoggerFactory.getLogger(HostRestarts.class);
    /** How far back the search looks, in records: workers older than that are not closed. */
    private static final long LOOK_BACK = 200_000;

    private final Instant startedAt;
    private boolean done;

    HostRestarts(Instant startedAt) {
        this.startedAt = startedAt;
    }

    synchronized void closeLeftovers(JournalStore store, Journal journal) {
        if (done) {
            return;
        }
        done = true;
        try {
            Map<String, JournalRecord> open = new LinkedHashMap<>();
            JournalQuery q = JournalQuery.all()
                    .withUntil(startedAt)
                    .withKinds(EnumSet.of(JournalKind.WORKER_SPAWNED, JournalKind.WORKER_EXITED))
                    .withAfterSeq(Math.max(0, store.lastSeq() - LOOK_BACK))
                    .withLimit(JournalQuery.MAX_LIMIT);
            List<JournalEntry> page;
            do {
                page = store.query(q);
                for (JournalEntry e : page) {
                    JournalRecord r = e.record();
                    String key = r.instanceId() + "/" + r.detail().get("pid");
                    if (r.kind() == JournalKind.WORKER_SPAWNED) {
                        open.put(key, r);
                    } else {
                        open.remove(key);
                    }
                }
                if (!page.isEmpty()) {
                    q = q.withAfterSeq(page.get(page.size() - 1).seq());
                }
            } while (page.size() == q.limit());
            for (JournalRecord spawned : open.values()) {
                journal.record(new JournalRecord(
                        startedAt,
                        JournalKind.WORKER_EXITED,
                        spawned.instanceId(),
                        spawned.plugin(),
                        null,
                        null,
                        null,
                        Map.of("pid", spawned.detail().getOrDefault("pid", ""), "cause", "host_restart")));
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not close the workers an earlier run left open in the journal: {}", e.toString());
        }
    }
}
