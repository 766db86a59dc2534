package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.host.Call;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobSequence;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.SequenceStep;
import dev.cordon.api.model.StepResult;
import dev.cordon.runtime.internal.jobs.events.JobEventHub;
import dev.cordon.runtime.internal.jobs.events.SubscriberStats;
import dev.cordon.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequences both ways, and events under load: routing per job and per sequence, and subscribers that never keep up
 * losing events (counted) without slowing the queue, 10,000 jobs with 50 subscribers.
 */
class JobQueueFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ScriptedTarget target = new ScriptedTarget();
    private SqliteJobStore store;
    private JobQueueService queue;

    private void start(QueueSettings settings) {
        store = new SqliteJobStore(dir.resolve("jobs.db"));
        queue = QueueHarness.start(store, target, settings);
    }

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static SequenceStep step(String name, String what) {
        return new SequenceStep("echo", List.of(), Map.of("name", name, "do", what), 0);
    }

    private JobSequence endOf(String sequenceId) {
        await().atMost(WAIT)
                .until(() -> queue.sequence(sequenceId).orElseThrow().status().terminal());
        return queue.sequence(sequenceId).orElseThrow();
    }

    @Test
    void aFailFastSequenceStopsAtItsFirstFailedStepAndPublishesEachAdvance() {
        start(QueueHarness.settings(1));
        // Subscribed before the submit: the first step may finish, and the sequence advance, before a subscription
        // to the sequence's id could be made. This queue runs only this sequence.
        EventLog events = EventLog.of(queue.allEvents());
        JobSequence submitted =
                queue.submitSequence(List.of(step("one", "ok"), step("two", "fail"), step("three", "ok")), true, 4);

        JobSequence done = endOf(submitted.id());

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.results()).extracting(StepResult::success).containsExactly(true, false);
        assertThat(target.startedNames()).containsExactly("one", "two");
        assertThat(queue.job(done.results().get(1).jobId()).orElseThrow().sequenceIndex())
                .hasValue(1);
        assertThat(queue.job(done.results().get(1).jobId()).orElseThrow().priority())
                .as("a step with priority 0 inherits the sequence's")
                .isEqualTo(4);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.events)
                        .filteredOn(e -> e.type() == JobEventType.SEQUENCE_ADVANCED)
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.jobId())
                                    .isEqualTo(done.results().get(1).jobId());
                            assertThat(e.payload())
                                    .containsEntry("prior_success", true)
                                    .containsEntry("prior_step_index", 0);
                        }));
        assertThat(events.events).allSatisfy(e -> assertThat(e.sequenceId()).contains(submitted.id()));
    }

    @Test
    void aBestEffortSequenceTriesEveryStepAndKeepsEachOutcome() {
        start(QueueHarness.settings(1));

        JobSequence done = endOf(
                queue.submitSequence(List.of(step("one", "fail"), step("two", "ok"), step("three", "fail")), false, 0)
                        .id());

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.results()).extracting(StepResult::success).containsExactly(false, true, false);
        assertThat(done.results().get(1).result()).contains(Map.of("name", "two", "do", "ok"));
        assertThat(done.results().get(0).error()).isPresent();
        assertThat(target.startedNames()).containsExactly("one", "two", "three");
    }

    @Test
    void cancellingASequenceCancelsItsCurrentStepAndSubmitsNoMore() throws Exception {
        start(QueueHarness.settings(1));
        JobSequence seq = queue.submitSequence(
                List.of(
                        new SequenceStep("slow", List.of(), Map.of("do", "cooperative", "name", "one"), 0),
                        step("two", "ok")),
                true,
                0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);

        assertThat(queue.cancelSequence(seq.id())).isTrue();

        Job first = queue.completion(seq.currentJobId().orElseThrow()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(queue.sequence(seq.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(queue.cancelSequence(seq.id())).isFalse();
        assertThat(target.startedNames()).containsExactly("one");
    }

    @Test
    void aSubscriberOfOneJobHearsOnlyThatJob() throws Exception {
        start(QueueHarness.settings(2));
        Job a = queue.submit("echo", Call.kwargs(Map.of("do", "hold")), 0);
        Job b = queue.submit("other", Call.kwargs(Map.of()), 0);
        EventLog ofA = EventLog.of(queue.events(a.id()));
        queue.completion(b.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        target.release("echo");
        queue.completion(a.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        await().atMost(WAIT)
                .until(() -> ofA.to(a.id(), JobEventType.STATE_TRANSITION).contains("completed"));
        assertThat(ofA.events)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.jobId()).isEqualTo(a.id()));
    }

    @Test
    void tenThousandJobsWithFiftySubscribersRunWhileFiveSubscribersNeverKeepUp() throws Exception {
        QueueSettings s = QueueHarness.settings(8);
        JobEventHub hub = new JobEventHub(JobEventHub.DEFAULT_BUFFER);
        store = new SqliteJobStore(dir.resolve("jobs.db"));
        queue = QueueHarness.start(
                store,
                target,
                new QueueSettings(
                        8,
                        s.lanes(),
                        20_000,
                        s.dispatchPoll(),
                        Duration.ofSeconds(1),
                        1000,
                        s.cancelTimeout(),
                        s.lease(),
                        s.hostId()),
                new HubEvents(hub));
        CountDownLatch stuck = new CountDownLatch(1);
        List<Ordered> fast = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            fast.add(Ordered.of(queue.allEvents()));
        }
        for (int i = 0; i < 5; i++) {
            queue.allEvents().subscribe(new Blocked(stuck));
        }
        int jobs = 10_000;
        try {
            for (int i = 0; i < jobs; i++) {
                queue.submit("noop-" + (i % 4), Call.kwargs(Map.of()), 0);
            }

            await().atMost(Duration.ofSeconds(120)).until(() -> queue.stats().totalCompleted() == jobs);
            await().atMost(WAIT)
                    .until(() -> hub.subscribers().subList(0, 45).stream().allMatch(f -> f.buffered() == 0));

            // Five subscribers never returned from their first event: each holds its buffer and lost the rest ...
            List<SubscriberStats> all = hub.subscribers();
            long published = all.get(0).delivered() + all.get(0).dropped();
            assertThat(published).as("running and completed per job").isGreaterThanOrEqualTo(2L * jobs);
            assertThat(all.subList(45, 50)).allSatisfy(b -> {
                // The one it is stuck on was taken from the buffer; it was neither delivered nor dropped.
                assertThat(b.buffered()).isEqualTo(b.capacity());
                assertThat(b.dropped()).isEqualTo(published - 1 - b.capacity());
            });
            // ... and neither held the publisher nor the other 45, which got every event, each job's in order.
            assertThat(all.subList(0, 45)).allSatisfy(f -> {
                assertThat(f.dropped()).isZero();
                assertThat(f.delivered()).isEqualTo(published);
            });
            assertThat(fast).allSatisfy(f -> {
                assertThat(f.outOfOrder).as("a job's events in order").isZero();
                assertThat(f.completed()).isEqualTo(jobs);
            });
        } finally {
            stuck.countDown();
        }
    }

    /** Counts, per job, whether {@code running} came before {@code completed}. */
    private static final class Ordered implements Flow.Subscriber<JobEvent> {
        final Map<String, String> seen = new HashMap<>();
        volatile int outOfOrder;

        static Ordered of(Flow.Publisher<JobEvent> p) {
            Ordered o = new Ordered();
            p.subscribe(o);
            return o;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        synchronized long completed() {
            return seen.values().stream().filter("completed"::equals).count();
        }

        @Override
        public synchronized void onNext(JobEvent e) {
            if (e.type() != JobEventType.STATE_TRANSITION) {
                return;
            }
            String to = String.valueOf(e.payload().get("to"));
            String before = seen.put(e.jobId(), to);
            if ("completed".equals(before) || "running".equals(to) && "running".equals(before)) {
                outOfOrder++;
            }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onComplete() {}
    }

    /** A subscriber whose first onNext never returns until the test ends. */
    private record Blocked(CountDownLatch until) implements Flow.Subscriber<JobEvent> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(JobEvent item) {
            try {
                until.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onComplete() {}
    }
}
