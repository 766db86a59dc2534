package dev.cordon.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.ClusterHost;
import dev.cordon.api.spi.ClusterRegistry;
import dev.cordon.api.spi.JobStore.ClaimedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster registry of {@link PostgresJobStore}: two stores on one schema stand for two hosts, which see each
 * other's heartbeats and leases, and pass cancel requests both by {@code NOTIFY} and by polling.
 */
class PostgresClusterTest {

    private static final TestServer SERVER = new TestServer();
    private static final Duration LEASE = Duration.ofSeconds(10);

    @BeforeAll
    static void server() {
        TestServer.require(PostgresClusterTest.class);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        SERVER.dropSchemas();
    }

    @Test
    void hostsSeeEachOthersHeartbeatsAndLeavingRemovesTheRow() {
        PostgresSettings settings = SERVER.newSchema("cluster_hosts");
        try (PostgresJobStore a = new PostgresJobStore(settings);
                PostgresJobStore b = new PostgresJobStore(settings)) {
            ClusterRegistry ra = a.cluster().orElseThrow();
            ClusterRegistry rb = b.cluster().orElseThrow();
            ra.heartbeat(new ClusterHost("a", "box/1", List.of("echo", "slow"), 4, 1, Duration.ZERO));
            rb.heartbeat(new ClusterHost("b", "box/2", List.of("echo"), 2, 0, Duration.ZERO));

            List<ClusterHost> seen = ra.hosts(Duration.ofMinutes(5));
            assertThat(seen).extracting(ClusterHost::id).containsExactly("a", "b");
            assertThat(seen.get(0).plugins()).containsExactly("echo", "slow");
            assertThat(seen.get(0).free()).isEqualTo(3);
            assertThat(seen).allMatch(h -> h.live(LEASE));

            rb.leave("b");
            assertThat(ra.hosts(Duration.ofMinutes(5)))
                    .extracting(ClusterHost::id)
                    .containsExactly("a");
            // A host silent for longer than the horizon is forgotten.
            assertThat(ra.hosts(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void eventPayloadsReachEveryListenerOfTheSchemaInOrderAndNoOtherSchemas() throws Exception {
        PostgresSettings settings = SERVER.newSchema("cluster_events");
        PostgresSettings elsewhere = SERVER.newSchema("cluster_events_other");
        try (PostgresJobStore sender = new PostgresJobStore(settings);
                PostgresJobStore receiver = new PostgresJobStore(settings);
                PostgresJobStore stranger = new PostgresJobStore(elsewhere)) {
            List<String> heard = new CopyOnWriteArrayList<>();
            List<String> overheard = new CopyOnWriteArrayList<>();
            try (AutoCloseable listening = receiver.cluster().orElseThrow().listenEvents(heard::add);
                    AutoCloseable other = stranger.cluster().orElseThrow().listenEvents(overheard::add)) {
                // The listener connects on its own thread: send until it hears one.
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            sender.cluster().orElseThrow().publishEvents(List.of("probe"));
                            return heard.contains("probe");
                        });
                String large = "x".repeat(ClusterRegistry.MAX_EVENT_PAYLOAD - 10);
                sender.cluster().orElseThrow().publishEvents(List.of("{\"n\":1}", "{\"n\":2}", large));
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(heard)
                                .as("the probes the listener heard first, then the three payloads in order")
                                .filteredOn(p -> !p.equals("probe"))
                                .containsExactly("{\"n\":1}", "{\"n\":2}", large));
            }
            assertThat(overheard).as("a listener of another schema").isEmpty();
        }
    }

    @Test
    void aCancelRequestReachesTheOwnerByNotifyAndByPollingAndIsClearedOnceHandled() {
        PostgresSettings settings = SERVER.newSchema("cluster_cancel");
        try (PostgresJobStore owner = new PostgresJobStore(settings);
                PostgresJobStore other = new PostgresJobStore(settings)) {
            Job job = Job.pending("j1", "slow", List.of(), Map.of(), 0, Instant.now());
            owner.insert(job);
            ClaimedJob claimed =
                    owner.claimNext("a", Set.of(), Instant.now(), LEASE).orElseThrow();
            assertThat(other.cluster().orElseThrow().leases()).singleElement().satisfies(l -> {
                assertThat(l.jobId()).isEqualTo("j1");
                assertThat(l.owner()).isEqualTo("a");
                assertThat(l.version()).isEqualTo(claimed.claim().version());
            });

            List<String> heard = new CopyOnWriteArrayList<>();
            try (AutoCloseable listening = owner.cluster().orElseThrow().listen(heard::add)) {
                // The listener connects on its own thread: ask until it hears one.
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            other.cluster().orElseThrow().requestCancel("j1", "b");
                            return heard.contains("j1");
                        });
            }
            ClusterRegistry registry = owner.cluster().orElseThrow();
            assertThat(registry.cancelRequests("a")).containsExactly("j1");
            assertThat(registry.cancelRequests("b")).isEmpty();
            registry.clearCancel("j1");
            assertThat(registry.cancelRequests("a")).isEmpty();

            // A request for a job that ended meanwhile is dropped.
            other.cluster().orElseThrow().requestCancel("j1", "b");
            Job running = claimed.job();
            assertThat(owner.finish(claimed.claim(), completed(running))).isTrue();
            assertThat(registry.cancelRequests("a")).isEmpty();
            assertThat(registry.leases()).isEmpty();
            try (var c = TestServer.connect();
                    var q = c.prepareStatement(
                            "SELECT ran_on FROM \"" + settings.schema() + "\".jobs WHERE id = 'j1'");
                    var rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("the host that finished it").isEqualTo("a");
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Job completed(Job job) {
        return new Job(
                job.id(),
                job.pluginInstanceId(),
                job.args(),
                job.kwargs(),
                JobStatus.COMPLETED,
                job.priority(),
                job.submittedAt(),
                job.startedAt(),
                Optional.of(Instant.now()),
                1.0,
                "done",
                Optional.of("ok"),
                Optional.empty(),
                job.sequenceId(),
                job.sequenceIndex(),
                job.cancelRequestedAt(),
                job.cancelPhase(),
                null,
                job.retryCount(),
                job.lastResourceSnapshot());
    }
}
