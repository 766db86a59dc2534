package dev.cordon.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.spi.JobStore.ClaimedJob;
import dev.cordon.testkit.store.JobStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresJobStore} against the JobStore contract, each test in a schema of its own; and what only a shared
 * server shows: two hosts (two stores, two pools) claiming from one queue, taking over each other's leases, and
 * jobs surviving the stores being closed and opened again.
 */
class PostgresJobStoreTest extends JobStoreContract {

    private static final TestServer SERVER = new TestServer();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(10);

    private PostgresSettings settings;

    @BeforeAll
    static void server() {
        TestServer.require(PostgresJobStoreTest.class);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        SERVER.dropSchemas();
    }

    /** This test's schema, made on first use. */
    private PostgresSettings settings() {
        if (settings == null) {
            settings = SERVER.newSchema("jobs");
        }
        return settings;
    }

    @Override
    protected JobStore newStore() {
        return new PostgresJobStore(settings());
    }

    @Test
    void twoHostsDrainingOneQueueClaimEveryJobExactlyOnce() throws Exception {
        int jobs = 200;
        try (PostgresJobStore a = new PostgresJobStore(settings());
                PostgresJobStore b = new PostgresJobStore(settings())) {
            for (int i = 0; i < jobs; i++) {
                a.insert(Job.pending("j" + i, i % 2 == 0 ? "echo" : "slow", List.of(), Map.of(), i % 3, T0));
            }
            Map<String, String> claimedBy = new ConcurrentHashMap<>();
            List<String> duplicates = new ArrayList<>();
            ExecutorService hosts = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                int n = 0;
                for (PostgresJobStore host : List.of(a, b, a, b)) {
                    String owner = "host-" + n++;
                    done.add(hosts.submit(() -> {
                        Optional<ClaimedJob> next;
                        while ((next = host.claimNext(owner, Set.of(), T0, LEASE)).isPresent()) {
                            if (claimedBy.putIfAbsent(next.get().job().id(), owner) != null) {
                                synchronized (duplicates) {
                                    duplicates.add(next.get().job().id());
                                }
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                hosts.shutdownNow();
            }
            assertThat(duplicates).isEmpty();
            assertThat(claimedBy).hasSize(jobs);
            assertThat(b.counts()).isEqualTo(Map.of(JobStatus.RUNNING, (long) jobs));
        }
    }

    @Test
    void aHostOnlyClaimsTheInstancesItRuns() {
        try (PostgresJobStore a = new PostgresJobStore(settings());
                PostgresJobStore b = new PostgresJobStore(settings())) {
            a.insert(Job.pending("e", "echo", List.of(), Map.of(), 9, T0));
            a.insert(Job.pending("s", "slow", List.of(), Map.of(), 0, T0));

            assertThat(b.claimNext("host-b", Set.of("slow", "gpu"), T0, LEASE))
                    .map(c -> c.job().id())
                    .contains("s");
            assertThat(b.claimNext("host-b", Set.of("slow", "gpu"), T0, LEASE)).isEmpty();
            assertThat(a.claimNext("host-a", Set.of("echo"), T0, LEASE))
                    .map(c -> c.job().id())
                    .contains("e");
        }
    }

    @Test
    void aHostWhoseLeaseWasTakenOverCannotOverwriteTheNewOwnersResult() {
        try (PostgresJobStore paused = new PostgresJobStore(settings());
                PostgresJobStore survivor = new PostgresJobStore(settings())) {
            paused.insert(Job.pending("j", "echo", List.of(), Map.of(), 0, T0));
            ClaimedJob mine = paused.claimNext("host-a", Set.of(), T0, LEASE).orElseThrow();

            assertThat(survivor.takeOverExpired("host-b", T0.plusSeconds(5), LEASE))
                    .as("a lease that has not run out")
                    .isEmpty();
            List<ClaimedJob> taken =
                    survivor.takeOverExpired("host-b", T0.plus(LEASE).plusMillis(1), LEASE);
            assertThat(taken).singleElement().satisfies(t -> {
                assertThat(t.claim().owner()).isEqualTo("host-b");
                assertThat(t.claim().version()).isEqualTo(mine.claim().version() + 1);
            });

            Job late = completed(mine.job(), "late");
            assertThat(paused.renew(mine.claim(), T0.plusSeconds(30))).isFalse();
            assertThat(paused.update(mine.claim(), mine.job())).isFalse();
            assertThat(paused.finish(mine.claim(), late)).isFalse();
            Job result = completed(mine.job(), "the new owner's");
            assertThat(survivor.finish(taken.get(0).claim(), result)).isTrue();
            assertThat(paused.find("j")).contains(result);
            assertThat(paused.currentClaim("j")).isEmpty();
        }
    }

    @Test
    void jobsAndClaimsSurviveClosingEveryStoreAndOpeningAgain() {
        ClaimedJob running;
        try (PostgresJobStore store = new PostgresJobStore(settings())) {
            store.insert(Job.pending("a", "echo", List.of(), Map.of("n", 1L), 0, T0));
            store.insert(Job.pending("b", "echo", List.of(), Map.of("n", 2L), 5, T0.plusSeconds(1)));
            store.insert(Job.pending("c", "echo", List.of(), Map.of("n", 3L), 0, T0.plusSeconds(2)));
            running = store.claimNext("host-a", Set.of(), T0, LEASE).orElseThrow();
        }
        try (PostgresJobStore store = new PostgresJobStore(settings())) {
            assertThat(store.find("b")).contains(running.job());
            assertThat(store.currentClaim("b")).contains(running.claim());
            assertThat(store.withStatus(JobStatus.PENDING, 0, 10))
                    .extracting(Job::id)
                    .containsExactly("a", "c");
            assertThat(store.takeOverFrom("host-a", "host-a", T0.plusSeconds(1), LEASE))
                    .extracting(c -> c.job().id())
                    .containsExactly("b");
        }
    }

    private static Job completed(Job running, String text) {
        return new Job(
                running.id(),
                running.pluginInstanceId(),
                running.args(),
                running.kwargs(),
                JobStatus.COMPLETED,
                running.priority(),
                running.submittedAt(),
                running.startedAt(),
                Optional.of(T0.plusSeconds(20)),
                1.0,
                "",
                Optional.of(Map.of("text", text)),
                Optional.empty(),
                running.sequenceId(),
                running.sequenceIndex(),
                running.cancelRequestedAt(),
                running.cancelPhase(),
                Optional.empty(),
                running.retryCount(),
                running.lastResourceSnapshot());
    }
}
