package dev.cordon.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.ResourceSample;
import dev.cordon.testkit.store.EmpiricalResourceStoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresEmpiricalResourceStore} against the EmpiricalResourceStore contract, each test in a schema of its
 * own, and two stores (two hosts) folding samples into the same records.
 */
class PostgresEmpiricalResourceStoreTest extends EmpiricalResourceStoreContract {

    private static final TestServer SERVER = new TestServer();
    private PostgresSettings settings;

    /** This test's schema, made on first use (the contract opens its store before this class's set-up runs). */
    private PostgresSettings settings() {
        if (settings == null) {
            settings = SERVER.newSchema("empirical");
        }
        return settings;
    }

    @BeforeAll
    static void server() {
        TestServer.require(PostgresEmpiricalResourceStoreTest.class);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        SERVER.dropSchemas();
    }

    @Override
    protected EmpiricalResourceStore newStore() {
        return new PostgresEmpiricalResourceStore(settings());
    }

    @Test
    void twoHostsRecordingTheSameRecordsLoseNoSample() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00.123456789Z");
        int perHost = 60;
        try (PostgresEmpiricalResourceStore a = new PostgresEmpiricalResourceStore(settings());
                PostgresEmpiricalResourceStore b = new PostgresEmpiricalResourceStore(settings())) {
            ExecutorService hosts = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (PostgresEmpiricalResourceStore host : List.of(a, b, a, b)) {
                    done.add(hosts.submit(() -> {
                        for (int i = 0; i < perHost; i++) {
                            // Both keys in each call, in opposite orders by turn: rows lock in key order regardless.
                            host.recordAll(
                                    i % 2 == 0
                                            ? List.of(sample("x", i, at), sample("y", i, at))
                                            : List.of(sample("y", i, at), sample("x", i, at)));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                hosts.shutdownNow();
            }
            assertThat(a.get("x", "h").orElseThrow().sampleCount()).isEqualTo(4L * perHost);
            assertThat(b.get("y", "h").orElseThrow().sampleCount()).isEqualTo(4L * perHost);
            assertThat(b.get("y", "h").orElseThrow().memoryMbPeakMax()).isEqualTo(perHost - 1.0);
            assertThat(a.get("x", "h").orElseThrow().lastObserved()).isEqualTo(at);
        }
    }

    private static ResourceSample sample(String instance, int i, Instant at) {
        return new ResourceSample(
                instance, "p", "h", true, 1.0, i, OptionalDouble.empty(), 0.5, Map.of("tokens", 1.0), at);
    }
}
