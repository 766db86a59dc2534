package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.spi.ClusterHost;
import dev.cordon.api.spi.ClusterLease;
import dev.cordon.api.spi.ClusterRegistry;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.jobs.events.JobEventWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventRelayTest {

    /** A registry that only the relay's packing touches: nothing is sent. */
    private static final ClusterRegistry NOWHERE = new ClusterRegistry() {
        @Override
        public void heartbeat(ClusterHost host) {}

        @Override
        public void leave(String hostId) {}

        @Override
        public List<ClusterHost> hosts(Duration forget) {
            return List.of();
        }

        @Override
        public List<ClusterLease> leases() {
            return List.of();
        }

        @Override
        public void requestCancel(String jobId, String requestedBy) {}

        @Override
        public Set<String> cancelRequests(String owner) {
            return Set.of();
        }

        @Override
        public void clearCancel(String jobId) {}

        @Override
        public AutoCloseable listen(Consumer<String> cancelRequested) {
            return () -> {};
        }
    };

    private static JobEvent event(int i, String text) {
        return new JobEvent(
                JobEventType.PROGRESS_CHANGED,
                "job-" + i,
                "echo",
                Optional.of("seq"),
                OptionalInt.of(i),
                Instant.parse("2026-12-01T00:00:00Z").plusMillis(i),
                Map.of("progress", 0.5, "message", text));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventsArePackedInOrderIntoPayloadsWithinTheLimitAndReadBackWhole() {
        EventRelay relay = new EventRelay(NOWHERE, "host-a", e -> {});
        List<JobEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(event(i, "step é " + "x".repeat(i % 50)));
        }

        List<String> payloads = relay.payloads(events);

        assertThat(payloads).hasSizeGreaterThan(1);
        List<JobEvent> back = new ArrayList<>();
        for (String p : payloads) {
            assertThat(p.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(ClusterRegistry.MAX_EVENT_PAYLOAD);
            Map<String, Object> batch = (Map<String, Object>) PlainJson.parse(p);
            assertThat(batch).containsEntry("host", "host-a");
            for (Object e : (List<Object>) batch.get("events")) {
                back.add(JobEventWire.fromMap((Map<String, Object>) e));
            }
        }
        assertThat(back).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(back.get(i).jobId()).isEqualTo(events.get(i).jobId());
            assertThat(back.get(i).sequenceIndex()).isEqualTo(events.get(i).sequenceIndex());
            assertThat(back.get(i).timestamp()).isEqualTo(events.get(i).timestamp());
            assertThat(back.get(i).payload()).isEqualTo(events.get(i).payload());
        }
        assertThat(relay.dropped()).isZero();
    }

    @Test
    void anEventTooLargeForOneNotificationIsDroppedAndCountedAndTheOthersGo() {
        EventRelay relay = new EventRelay(NOWHERE, "host-a", e -> {});

        List<String> payloads = relay.payloads(
                List.of(event(1, "small"), event(2, "y".repeat(ClusterRegistry.MAX_EVENT_PAYLOAD)), event(3, "small")));

        assertThat(payloads)
                .singleElement()
                .asString()
                .contains("job-1")
                .contains("job-3")
                .doesNotContain("job-2");
        assertThat(relay.dropped()).isEqualTo(1);
    }
}
