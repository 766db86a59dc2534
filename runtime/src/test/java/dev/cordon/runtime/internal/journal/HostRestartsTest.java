package dev.cordon.runtime.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workers an earlier host run spawned and never saw exit get an exit record with cause host_restart, once. */
class HostRestartsTest {

    /** The journal as a list behind the SPI, with the query semantics the contract suite pins down. */
    private static final class ListStore implements JournalStore {
        final List<JournalEntry> entries = new ArrayList<>();

        @Override
        public synchronized void appendAll(List<JournalRecord> records) {
            records.forEach(r -> entries.add(new JournalEntry(entries.size() + 1L, r)));
        }

        @Override
        public synchronized List<JournalEntry> query(JournalQuery q) {
            return entries.stream().filter(q::matches).limit(q.limit()).toList();
        }

        @Override
        public synchronized long lastSeq() {
            return entries.size();
        }
    }

    private static JournalRecord worker(JournalKind kind, Instant at, String instance, long pid) {
        return new JournalRecord(at, kind, instance, "p", null, null, null, Map.of("pid", Long.toString(pid)));
    }

    @Test
    void onlyWorkersLeftOpenByTheEarlierRunAreClosedAndOnlyOnce() {
        Instant before = Instant.parse("2026-12-01T10:00:00Z");
        Instant start = before.plusSeconds(60);
        ListStore store = new ListStore();
        store.appendAll(List.of(
                worker(JournalKind.WORKER_SPAWNED, before, "a", 1),
                worker(JournalKind.WORKER_EXITED, before.plusSeconds(1), "a", 1),
                worker(JournalKind.WORKER_SPAWNED, before.plusSeconds(2), "a", 2),
                worker(JournalKind.WORKER_SPAWNED, before.plusSeconds(3), "b", 3),
                // This run's own worker: written after the host started, not the earlier run's.
                worker(JournalKind.WORKER_SPAWNED, start.plusSeconds(1), "c", 4)));
        List<JournalRecord> recorded = new ArrayList<>();
        HostRestarts restarts = new HostRestarts(start);

        restarts.closeLeftovers(store, recorded::add);
        restarts.closeLeftovers(store, recorded::add);

        assertThat(recorded)
                .extracting(r -> r.instanceId() + "/" + r.detail().get("pid") + "/"
                        + r.detail().get("cause"))
                .containsExactlyInAnyOrder("a/2/host_restart", "b/3/host_restart");
        assertThat(recorded).allSatisfy(r -> assertThat(r.kind()).isEqualTo(JournalKind.WORKER_EXITED));
    }
}
