package dev.cordon.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import dev.cordon.testkit.store.DiagnosticStoreContract;
import dev.cordon.testkit.store.JournalStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteJournalStore} and {@link SqliteDiagnosticStore} against their contracts, and what a file adds. */
class SqliteJournalStoreTest {

    @TempDir
    Path folder;

    @Nested
    class Journal extends JournalStoreContract {
        @Override
        protected JournalStore newStore() {
            return new SqliteJournalStore(folder.resolve("cordon.db"));
        }
    }

    @Nested
    class Diagnostics extends DiagnosticStoreContract {
        @Override
        protected DiagnosticStore newStore() {
            return new SqliteDiagnosticStore(folder.resolve("cordon.db"));
        }
    }

    @Test
    void recordsSurviveClosingAndReopeningAndPositionsKeepGrowing() {
        Path file = folder.resolve("journal.db");
        JournalRecord first = new JournalRecord(
                Instant.now(), JournalKind.SECRET_SET, "i", "p", null, null, null, Map.of("name", "K"));
        long seq;
        try (SqliteJournalStore store = new SqliteJournalStore(file)) {
            store.appendAll(List.of(first));
            seq = store.lastSeq();
        }
        try (SqliteJournalStore store = new SqliteJournalStore(file)) {
            assertThat(store.query(JournalQuery.all()))
                    .singleElement()
                    .satisfies(e -> assertThat(e.record()).isEqualTo(first));
            store.appendAll(List.of(first));
            assertThat(store.lastSeq()).isGreaterThan(seq);
        }
    }
}
