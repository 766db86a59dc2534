package dev.cordon.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JournalStore} must do; each implementation runs it through a subclass. */
public abstract class JournalStoreContract {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");

    private JournalStore store;

    /** A new, empty store. */
    protected abstract JournalStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void close() throws Exception {
        if (store instanceof AutoCloseable c) {
            c.close();
        }
    }

    private static JournalRecord rec(
            int second, JournalKind kind, String instance, String job, String run, String actor) {
        return new JournalRecord(
                T0.plusSeconds(second),
                kind,
                instance,
                instance == null ? null : "plugin-" + instance,
                job,
                run,
                actor,
                Map.of("n", Integer.toString(second)));
    }

    private List<JournalRecord> scenario() {
        List<JournalRecord> all = List.of(
                rec(0, JournalKind.PLUGIN_DISCOVERED, null, null, null, null),
                rec(1, JournalKind.WORKER_SPAWNED, "a", null, null, null),
                rec(2, JournalKind.JOB_TRANSITION, "a", "job-1", "run-1", "alice"),
                rec(3, JournalKind.JOB_TRANSITION, "b", "job-2", "run-1", "bob"),
                rec(4, JournalKind.JOB_CANCEL_PHASE, "a", "job-1", "run-1", "alice"),
                rec(5, JournalKind.WORKER_EXITED, "a", null, null, null));
        store.appendAll(all);
        return all;
    }

    private static List<JournalRecord> records(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::record).toList();
    }

    @Test
    void everyFieldRoundTripsInOrderWithGrowingPositions() {
        JournalRecord full = new JournalRecord(
                T0,
                JournalKind.CONFIG_APPLIED,
                "inst",
                "plug",
                "job",
                "run",
                "actor",
                Map.of("config_hash", "sha256:ab", "empty", ""));
        store.appendAll(List.of(full, rec(1, JournalKind.WORKER_READY, null, null, null, null)));
        List<JournalEntry> read = store.query(JournalQuery.all());
        assertThat(records(read)).containsExactly(full, rec(1, JournalKind.WORKER_READY, null, null, null, null));
        assertThat(read.get(1).seq()).isGreaterThan(read.get(0).seq());
        assertThat(store.lastSeq()).isEqualTo(read.get(1).seq());
    }

    @Test
    void anEmptyJournalHasNothingAndPositionZero() {
        store.appendAll(List.of());
        assertThat(store.query(JournalQuery.all())).isEmpty();
        assertThat(store.lastSeq()).isZero();
    }

    @Test
    void eachFilterSelectsExactlyItsRecords() {
        List<JournalRecord> all = scenario();
        JournalQuery q = JournalQuery.all();
        assertThat(records(store.query(q.withJob("job-1")))).containsExactly(all.get(2), all.get(4));
        assertThat(records(store.query(q.withInstance("a"))))
                .containsExactly(all.get(1), all.get(2), all.get(4), all.get(5));
        assertThat(records(store.query(q.withPlugin("plugin-b")))).containsExactly(all.get(3));
        assertThat(records(store.query(q.withRun("run-1")))).containsExactly(all.get(2), all.get(3), all.get(4));
        assertThat(records(store.query(q.withActor("bob")))).containsExactly(all.get(3));
        assertThat(records(store.query(q.withKinds(EnumSet.of(JournalKind.WORKER_SPAWNED, JournalKind.WORKER_EXITED)))))
                .containsExactly(all.get(1), all.get(5));
        assertThat(records(store.query(q.withFrom(T0.plusSeconds(2)).withUntil(T0.plusSeconds(4)))))
                .containsExactly(all.get(2), all.get(3));
        assertThat(records(store.query(q.withJob("job-1").withKinds(Set.of(JournalKind.JOB_CANCEL_PHASE)))))
                .containsExactly(all.get(4));
        assertThat(store.query(q.withJob("no-such-job"))).isEmpty();
    }

    @Test
    void pagesFollowPositionsWithoutGapsOrRepeats() {
        List<JournalRecord> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(rec(i, JournalKind.ADMISSION_GRANTED, "i" + (i % 3), null, null, null));
        }
        store.appendAll(many);
        List<JournalRecord> read = new ArrayList<>();
        long after = 0;
        List<JournalEntry> page;
        do {
            page = store.query(JournalQuery.all().withAfterSeq(after).withLimit(7));
            assertThat(page.size()).isLessThanOrEqualTo(7);
            page.forEach(e -> read.add(e.record()));
            after = page.isEmpty() ? after : page.get(page.size() - 1).seq();
        } while (!page.isEmpty());
        assertThat(read).containsExactlyElementsOf(many);
        assertThat(records(store.query(JournalQuery.all().withInstance("i1").withLimit(3))))
                .containsExactly(many.get(1), many.get(4), many.get(7));
    }

    @Test
    void appendsAfterAQueryAreFoundByFollowingTheLastPosition() {
        scenario();
        long last = store.lastSeq();
        JournalRecord later = rec(9, JournalKind.SECRET_SET, "a", null, null, null);
        store.appendAll(List.of(later));
        assertThat(records(store.query(JournalQuery.all().withAfterSeq(last)))).containsExactly(later);
    }

    @Test
    void queriesRejectBadPages() {
        assertThatThrownBy(() -> JournalQuery.all().withLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JournalQuery.all().withAfterSeq(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
