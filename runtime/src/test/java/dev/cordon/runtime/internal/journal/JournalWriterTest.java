package dev.cordon.runtime.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The writer keeps records off the producer's path: they reach the store in batches on the writer's thread, and
 * records it cannot keep (buffer full, no store, a failing store) are counted as dropped, never silently lost. The
 * store here is a list behind the {@link JournalStore} SPI, whose real implementations pass the contract suite.
 */
class JournalWriterTest {

    /** A store that keeps appended batches in a list, and can be told to block or fail. */
    private static final class ListStore implements JournalStore {
        final List<List<JournalRecord>> batches = new ArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failing;
        volatile boolean closed;

        @Override
        public void appendAll(List<JournalRecord> records) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                throw new IllegalStateException("disk full");
            }
            if (closed) {
                throw new IllegalStateException("the store's data source has been closed");
            }
            synchronized (batches) {
                batches.add(List.copyOf(records));
            }
        }

        @Override
        public List<JournalEntry> query(JournalQuery query) {
            return List.of();
        }

        @Override
        public long lastSeq() {
            return 0;
        }

        int records() {
            synchronized (batches) {
                return batches.stream().mapToInt(List::size).sum();
            }
        }
    }

    private static JournalRecord rec(int i) {
        return JournalRecord.of(JournalKind.ADMISSION_GRANTED, "i", "p", Map.of("n", Integer.toString(i)));
    }

    @Test
    void recordsReachTheStoreInOrderAndInBatchesOnTheWritersThread() {
        ListStore store = new ListStore();
        try (JournalWriter writer = new JournalWriter(10_000, () -> store)) {
            for (int i = 0; i < 5000; i++) {
                writer.record(rec(i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> store.records() == 5000);
            assertThat(store.batches.size()).isLessThan(5000);
            List<JournalRecord> all =
                    store.batches.stream().flatMap(List::stream).toList();
            assertThat(all.get(4999).detail()).containsEntry("n", "4999");
            assertThat(writer.stats().written()).isEqualTo(5000);
            assertThat(writer.stats().dropped()).isZero();
        }
    }

    @Test
    void aFullBufferDropsAndCountsInsteadOfBlocking() {
        ListStore store = new ListStore();
        store.gate = new CountDownLatch(1);
        try (JournalWriter writer = new JournalWriter(10, () -> store)) {
            for (int i = 0; i < 1000; i++) {
                writer.record(rec(i));
            }
            assertThat(writer.stats().dropped()).isPositive();
            store.gate.countDown();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    writer.stats().written() + writer.stats().dropped())
                            .isEqualTo(1000));
        }
    }

    @Test
    void recordsWaitForAStoreAndThoseAFailingStoreLosesAreCountedAsDropped() {
        AtomicReference<JournalStore> bound = new AtomicReference<>();
        ListStore failing = new ListStore();
        failing.failing = true;
        try (JournalWriter writer = new JournalWriter(100, bound::get)) {
            writer.record(rec(1));
            assertThat(writer.stats().storeBound()).isFalse();
            assertThat(writer.stats().queued()).isEqualTo(1);
            assertThat(writer.stats().dropped()).isZero();
            bound.set(failing);
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.stats().dropped() == 1);
            writer.record(rec(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.stats().dropped() == 2);
            assertThat(writer.stats().written()).isZero();
        }
    }

    /**
     * A store unbound while the writer gathers or writes a batch (a host's stop: the store's bundle stops first) gets
     * every record recorded before, and nothing is written to it after: none is dropped.
     */
    @Test
    void detachingAStoreWritesEveryRecordToItAndNothingAfter() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 40; round++) {
            ListStore going = new ListStore();
            AtomicReference<JournalStore> bound = new AtomicReference<>(going);
            try (JournalWriter writer = new JournalWriter(10_000, bound::get)) {
                int n = 1 + random.nextInt(50);
                for (int i = 0; i < n; i++) {
                    writer.record(rec(i));
                }
                Thread.sleep(random.nextInt(130));
                writer.detach(Duration.ofSeconds(5), () -> {
                    bound.set(null);
                    going.closed = true;
                });
                assertThat(going.records()).as("round %d", round).isEqualTo(n);
                writer.record(rec(n));
                Thread.sleep(60);
                assertThat(writer.stats().dropped()).as("round %d", round).isZero();
                assertThat(writer.stats().queued()).isEqualTo(1);
            }
        }
    }
}
