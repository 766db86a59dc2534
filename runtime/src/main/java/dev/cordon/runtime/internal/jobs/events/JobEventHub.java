package dev.cordon.runtime.internal.jobs.events;

import dev.cordon.api.model.JobEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fans job events out to subscribers of one job, one sequence or all jobs.
 *
 * <p>{@link #publish} never waits and never throws: it puts the event into the bounded buffer of each subscriber
 * whose filter matches, and an event that finds a buffer full is dropped for that subscriber and counted (per
 * subscriber in {@link #subscribers()}, in total in {@link #droppedEvents()}). Events are delivered on the hub's
 * executor, never on the publisher's thread, each subscriber's in the order they were published (events published
 * from several threads at once are ordered as their {@code publish} calls reached the buffer), no faster than it
 * {@link Flow.Subscription#request requested}. A slow subscriber holds only its own delivery: it loses its own
 * events, never delays the publisher or another subscriber.
 *
 * <p>{@link #close} ends every subscription with {@code onComplete} once its buffered events are delivered (as it
 * requests them); publishing after it does nothing, and subscribing after it completes at once. The hub's own
 * threads stop when the last subscription has ended.
 */
public final class JobEventHub implements AutoCloseable {

    /** The buffer size of a subscriber that names none. */
    public static final int DEFAULT_BUFFER = 1024;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobEventHub.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Executor executor;
    private final ExecutorService owned;
    private final int defaultBuffer;
    private final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;

    /**
     * A hub that delivers on threads of its own ({@code cordon-job-events-N}, one per subscriber being served at the
     * moment, so a blocked subscriber never holds another's thread), stopped by {@link #close}.
     *
     * @param defaultBuffer the buffer size of a subscriber that names none; at least 1
     */
    public JobEventHub(int defaultBuffer) {
        this(
                Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "cordon-job-events-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }),
                defaultBuffer,
                true);
    }

    /**
     * A hub that delivers on {@code executor} (its owner's; not stopped by {@link #close}). Each subscriber being
     * served occupies one of its threads while its {@code onNext} runs: give it enough for the subscribers that may
     * block, or they delay the others.
     */
    public JobEventHub(Executor executor, int defaultBuffer) {
        this(executor, defaultBuffer, false);
    }

    private JobEventHub(Executor executor, int defaultBuffer, boolean owned) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.defaultBuffer = checkedBuffer(defaultBuffer);
        this.owned = owned ? (ExecutorService) executor : null;
    }

    /** Hands {@code event} to every matching subscriber's buffer; never waits, never throws. */
    public void publish(JobEvent event) {
        publish(event, false);
    }

    /**
     * {@link #publish} for an event another host published: subscribers of {@link JobEventFilter#local()} do not get
     * it.
     */
    public void publishRelayed(JobEvent event) {
        publish(event, true);
    }

    private void publish(JobEvent event, boolean relayed) {
        if (event == null || closed) {
            return;
        }
        for (EventSubscription s : subscriptions) {
            try {
                if ((!relayed || s.filter().takesRelayed()) && s.filter().matches(event)) {
                    s.offer(event);
                }
            } catch (RuntimeException e) {
                // Only a broken filter or executor gets here; the publisher must not pay for it.
                LOG.warn("Could not hand a {} event of job {} to a subscriber", event.type(), event.jobId(), e);
            }
        }
    }

    /** The events {@code filter} passes, with a buffer of the hub's default size per subscriber. */
    public Flow.Publisher<JobEvent> subscribe(JobEventFilter filter) {
        return subscribe(filter, defaultBuffer);
    }

    /**
     * The events {@code filter} passes. Each {@code subscribe} on the returned publisher is a subscription of its own
     * with a buffer of {@code buffer} events; it receives the events published after it subscribed.
     *
     * @throws IllegalArgumentException when {@code buffer} is below 1
     */
    public Flow.Publisher<JobEvent> subscribe(JobEventFilter filter, int buffer) {
        Objects.requireNonNull(filter, "filter");
        int capacity = checkedBuffer(buffer);
        return subscriber -> attach(filter, capacity, subscriber);
    }

    private void attach(JobEventFilter filter, int capacity, Flow.Subscriber<? super JobEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        EventSubscription[] self = new EventSubscription[1];
        self[0] = new EventSubscription(filter, subscriber, executor, capacity, dropped, () -> unregister(self[0]));
        subscriber.onSubscribe(self[0]);
        if (closed) {
            subscriber.onComplete();
            return;
        }
        subscriptions.add(self[0]);
        if (closed) {
            // Closed while it was being added: close() may not have seen it.
            self[0].complete();
        }
    }

    private void unregister(EventSubscription s) {
        subscriptions.remove(s);
        if (closed && owned != null && subscriptions.isEmpty()) {
            owned.shutdown();
        }
    }

    /** Events dropped so far because a subscriber's buffer was full, over all subscribers, past ones included. */
    public long droppedEvents() {
        return dropped.sum();
    }

    /** The current subscribers, in the order they subscribed. */
    public List<SubscriberStats> subscribers() {
        return subscriptions.stream().map(EventSubscription::stats).toList();
    }

    @Override
    public void close() {
        closed = true;
        for (EventSubscription s : subscriptions) {
            s.complete();
        }
        if (owned != null && subscriptions.isEmpty()) {
            // Else the last subscription to end stops the threads: one may still wait for demand to drain its buffer.
            owned.shutdown();
        }
    }

    private static int checkedBuffer(int buffer) {
        if (buffer < 1) {
            throw new IllegalArgumentException("a subscriber's event buffer must hold at least 1 event, got " + buffer);
        }
        return buffer;
    }
}
