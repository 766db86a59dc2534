package dev.cordon.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.spi.JobStore.ClaimedJob;
import dev.cordon.testkit.store.JobStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteJobStore} against the JobStore contract, each test on a fresh database file, and across reopening. */
class SqliteJobStoreTest extends JobStoreContract {

    @TempDir
    Path folder;

    @Override
    protected JobStore newStore() {
        return new SqliteJobStore(folder.resolve("cordon.db"));
    }

    @Test
    void pendingRunningAndFinishedJobsAndTheirClaimsSurviveReopeningTheFile() {
        Path file = folder.resolve("reopen.db");
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        ClaimedJob running;
        try (SqliteJobStore store = new SqliteJobStore(file)) {
            store.insert(Job.pending("a", "echo", List.of(), Map.of("n", 1L), 0, t0));
            store.insert(Job.pending("b", "echo", List.of(), Map.of("n", 2L), 5, t0.plusSeconds(1)));
            store.insert(Job.pending("c", "echo", List.of(), Map.of("n", 3L), 0, t0.plusSeconds(2)));
            running = store.claimNext("host-a", Set.of(), t0, Duration.ofSeconds(10))
                    .orElseThrow();
        }

        try (SqliteJobStore store = new SqliteJobStore(file)) {
            assertThat(store.find("b")).contains(running.job());
            assertThat(store.currentClaim("b")).contains(running.claim());
            assertThat(store.withStatus(JobStatus.PENDING, 0, 10))
                    .extracting(Job::id)
                    .containsExactly("a", "c");
            List<ClaimedJob> recovered =
                    store.takeOverFrom("host-a", "host-a", t0.plusSeconds(1), Duration.ofSeconds(10));
            assertThat(recovered).extracting(c -> c.job().id()).containsExactly("b");
        }
    }
}
