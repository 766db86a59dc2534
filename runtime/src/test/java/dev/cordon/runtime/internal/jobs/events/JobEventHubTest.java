package dev.cordon.runtime.internal.jobs.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobEventHubTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final JobEventHub hub = new JobEventHub(JobEventHub.DEFAULT_BUFFER);

    @AfterEach
    void closeHub() {
        hub.close();
    }

    @Test
    void eachSubscriberReceivesWhatItsFilterPassesInPublishedOrderOffThePublishersThread() {
        Recorder one = Recorder.unbounded();
        Recorder seq = Recorder.unbounded();
        Recorder all = Recorder.unbounded();
        hub.subscribe(JobEventFilter.job("j1")).subscribe(one);
        hub.subscribe(JobEventFilter.sequence("s1")).subscribe(seq);
        hub.subscribe(JobEventFilter.all()).subscribe(all);

        List<JobEvent> published = List.of(
                event("j1", null, 0),
                event("j2", "s1", 1),
                event("j1", null, 2),
                event("j3", "s2", 3),
                event("j4", "s1", 4));
        published.forEach(hub::publish);

        await().atMost(WAIT).until(() -> all.events.size() == 5);
        await().atMost(WAIT).until(() -> one.events.size() == 2 && seq.events.size() == 2);
        assertThat(List.copyOf(all.events)).containsExactlyElementsOf(published);
        assertThat(List.copyOf(one.events)).containsExactly(published.get(0), published.get(2));
        assertThat(List.copyOf(seq.events)).containsExactly(published.get(1), published.get(4));
        assertThat(all.threads).allSatisfy(t -> assertThat(t).startsWith("cordon-job-events-"));
        assertThat(hub.droppedEvents()).isZero();
    }

    @Test
    void aRelayedEventReachesEverySubscriberButThoseOfThisHostsOwnEvents() {
        Recorder local = Recorder.unbounded();
        Recorder all = Recorder.unbounded();
        Recorder job = Recorder.unbounded();
        hub.subscribe(JobEventFilter.local()).subscribe(local);
        hub.subscribe(JobEventFilter.all()).subscribe(all);
        hub.subscribe(JobEventFilter.job("j1")).subscribe(job);

        JobEvent mine = event("j1", null, 0);
        JobEvent theirs = event("j1", null, 1);
        hub.publish(mine);
        hub.publishRelayed(theirs);

        await().atMost(WAIT).until(() -> all.events.size() == 2 && job.events.size() == 2);
        assertThat(List.copyOf(all.events)).containsExactly(mine, theirs);
        assertThat(List.copyOf(job.events)).containsExactly(mine, theirs);
        assertThat(List.copyOf(local.events)).containsExactly(mine);
    }

    @Test
    void deliversNoMoreThanRequestedAndKeepsTheRestBuffered() {
        Recorder r = new Recorder(2);
        hub.subscribe(JobEventFilter.all()).subscribe(r);
        IntStream.range(0, 5).forEach(i -> hub.publish(event("j", null, i)));

        await().atMost(WAIT).until(() -> r.events.size() == 2);
        assertThat(hub.subscribers()).singleElement().satisfies(s -> {
            assertThat(s.buffered()).isEqualTo(3);
            assertThat(s.delivered()).isEqualTo(2);
        });
        r.subscription.get().request(10);
        await().atMost(WAIT).until(() -> r.events.size() == 5);
        assertThat(List.copyOf(r.events)).extracting(JobEventHubTest::index).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aFullBufferDropsTheSubscribersFurtherEventsAndCountsThem() {
        Recorder idle = new Recorder(0);
        Recorder other = Recorder.unbounded();
        hub.subscribe(JobEventFilter.job("j"), 3).subscribe(idle);
        hub.subscribe(JobEventFilter.job("j"), 100).subscribe(other);
        IntStream.range(0, 10).forEach(i -> hub.publish(event("j", null, i)));

        await().atMost(WAIT).until(() -> other.events.size() == 10);
        assertThat(hub.droppedEvents()).isEqualTo(7);
        assertThat(hub.subscribers())
                .extracting(SubscriberStats::capacity, SubscriberStats::buffered, SubscriberStats::dropped)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, 3, 7L), org.assertj.core.groups.Tuple.tuple(100, 0, 0L));
        idle.subscription.get().request(Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> idle.events.size() == 3);
        assertThat(List.copyOf(idle.events)).extracting(JobEventHubTest::index).containsExactly(0, 1, 2);
    }

    @Test
    void cancelStopsDeliveryAndCloseCompletesAfterTheBufferedEvents() {
        Recorder cancelled = Recorder.unbounded();
        Recorder completed = new Recorder(1);
        hub.subscribe(JobEventFilter.all()).subscribe(cancelled);
        hub.subscribe(JobEventFilter.all()).subscribe(completed);
        hub.publish(event("j", null, 0));
        await().atMost(WAIT).until(() -> cancelled.events.size() == 1 && completed.events.size() == 1);
        cancelled.subscription.get().cancel();
        assertThat(hub.subscribers()).hasSize(1);
        hub.publish(event("j", null, 1));

        hub.close();
        assertThat(completed.completed.getCount())
                .as("an event is still buffered")
                .isEqualTo(1);
        completed.subscription.get().request(1);
        await().atMost(WAIT).until(() -> completed.completed.getCount() == 0);
        assertThat(List.copyOf(completed.events))
                .extracting(JobEventHubTest::index)
                .containsExactly(0, 1);
        assertThat(cancelled.events).hasSize(1);
        assertThat(cancelled.completed.getCount()).isEqualTo(1);

        Recorder late = Recorder.unbounded();
        hub.subscribe(JobEventFilter.all()).subscribe(late);
        hub.publish(event("j", null, 2));
        await().atMost(WAIT).until(() -> late.completed.getCount() == 0);
        assertThat(late.events).isEmpty();
    }

    @Test
    void aNonPositiveRequestEndsTheSubscriptionWithAnError() {
        Recorder r = new Recorder(0);
        hub.subscribe(JobEventFilter.all()).subscribe(r);
        r.subscription.get().request(0);
        await().atMost(WAIT).until(() -> r.error.get() != null);
        assertThat(r.error.get()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
        assertThat(hub.subscribers()).isEmpty();
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndOthersCarryOn() {
        Recorder good = Recorder.unbounded();
        hub.subscribe(JobEventFilter.all()).subscribe(new Recorder(Long.MAX_VALUE) {
            @Override
            public void onNext(JobEvent item) {
                throw new IllegalStateException("subscriber bug");
            }
        });
        hub.subscribe(JobEventFilter.all()).subscribe(good);
        hub.publish(event("j", null, 0));
        hub.publish(event("j", null, 1));
        await().atMost(WAIT).until(() -> good.events.size() == 2);
        await().atMost(WAIT).until(() -> hub.subscribers().size() == 1);
    }

    @Test
    void badArgumentsAreRefusedAtOnce() {
        assertThatThrownBy(() -> hub.subscribe(JobEventFilter.all(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 event, got 0");
        assertThatThrownBy(() -> new JobEventHub(-1)).hasMessageContaining("got -1");
        hub.publish(null);
        assertThat(hub.droppedEvents()).isZero();
    }

    @Test
    void tenThousandEventsToFiftySubscribersSomeStuckNeverHoldThePublisher() throws Exception {
        int events = 10_000;
        CountDownLatch release = new CountDownLatch(1);
        List<Recorder> fast = new ArrayList<>();
        List<Recorder> stuck = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            if (i % 5 == 0) {
                Recorder r = Recorder.blockedUntil(release);
                stuck.add(r);
                hub.subscribe(JobEventFilter.all()).subscribe(r);
            } else {
                Recorder r = Recorder.unbounded();
                fast.add(r);
                hub.subscribe(i % 2 == 0 ? JobEventFilter.all() : JobEventFilter.job("j"), events)
                        .subscribe(r);
            }
        }
        // The stuck subscribers block inside onNext until every event is published: a publisher that waited for
        // them would never get here.
        for (int i = 0; i < events; i++) {
            hub.publish(event("j", null, i));
        }
        release.countDown();

        await().atMost(WAIT).until(() -> fast.stream().allMatch(r -> r.events.size() == events));
        for (Recorder r : fast) {
            assertThat(List.copyOf(r.events))
                    .extracting(JobEventHubTest::index)
                    .isSorted()
                    .doesNotHaveDuplicates();
        }
        await().atMost(WAIT).until(() -> hub.subscribers().stream().allMatch(s -> s.buffered() == 0));
        long stuckDropped = 0;
        for (Recorder r : stuck) {
            int received = r.events.size();
            // One event was taken into onNext before it blocked; the buffer held the next 1024 at most.
            assertThat(received).isBetween(JobEventHub.DEFAULT_BUFFER, JobEventHub.DEFAULT_BUFFER + 1);
            assertThat(List.copyOf(r.events))
                    .extracting(JobEventHubTest::index)
                    .isSorted()
                    .doesNotHaveDuplicates();
            stuckDropped += events - received;
        }
        assertThat(hub.droppedEvents()).isEqualTo(stuckDropped);
        assertThat(hub.subscribers().stream()
                        .mapToLong(SubscriberStats::dropped)
                        .sum())
                .isEqualTo(stuckDropped);
    }

    private static int index(JobEvent e) {
        return ((Number) e.payload().get("i")).intValue();
    }

    private static JobEvent event(String job, String sequence, int i) {
        return new JobEvent(
                JobEventType.PROGRESS_CHANGED,
                job,
                "instance",
                Optional.ofNullable(sequence),
                OptionalInt.empty(),
                Instant.now(),
                Map.of("i", i));
    }

    /** Records what it receives; requests {@code initial} on subscription. */
    private static class Recorder implements Flow.Subscriber<JobEvent> {
        // Appended on the delivery thread, read by the test: synchronized, not copy-on-write (10,000 adds).
        final List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch completed = new CountDownLatch(1);
        private final long initial;

        Recorder(long initial) {
            this.initial = initial;
        }

        static Recorder unbounded() {
            return new Recorder(Long.MAX_VALUE);
        }

        static Recorder blockedUntil(CountDownLatch release) {
            return new Recorder(Long.MAX_VALUE) {
                @Override
                public void onNext(JobEvent item) {
                    super.onNext(item);
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(JobEvent item) {
            events.add(item);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onError(Throwable throwable) {
            error.set(throwable);
        }

        @Override
        public void onComplete() {
            completed.countDown();
        }
    }
}
