package dev.cordon.runtime.internal.jobs.events;

import dev.cordon.api.model.JobEvent;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One subscriber's link to the hub: a bounded buffer the publisher fills without waiting (an event that finds it full
 * is dropped and counted), and a drain that delivers buffered events as the subscriber requests them, on the hub's
 * executor, one signal at a time (never two drains at once).
 */
final class EventSubscription implements Flow.Subscription, Runnable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventSubscription.class);

    private final JobEventFilter filter;
    private final Flow.Subscriber<? super JobEvent> subscriber;
    private final Executor executor;
    private final int capacity;
    private final LongAdder hubDropped;
    private final Runnable unregister;
    private final ConcurrentLinkedQueue<JobEvent> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger work = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean cancelled;
    private volatile boolean completing;
    private volatile Throwable refusal;
    private boolean terminated;

    EventSubscription(
            JobEventFilter filter,
            Flow.Subscriber<? super JobEvent> subscriber,
            Executor executor,
            int capacity,
            LongAdder hubDropped,
            Runnable unregister) {
        this.filter = filter;
        this.subscriber = subscriber;
        this.executor = executor;
        this.capacity = capacity;
        this.hubDropped = hubDropped;
        this.unregister = unregister;
    }

    JobEventFilter filter() {
        return filter;
    }

    /** Buffers {@code event} or, when the buffer is full, drops and counts it; never waits, never throws. */
    void offer(JobEvent event) {
        if (cancelled || completing) {
            return;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.increment();
            hubDropped.increment();
            return;
        }
        buffer.offer(event);
        if (requested.get() > 0) {
            signal();
        }
    }

    /** No more events: the buffered ones are still delivered as requested, then {@code onComplete}. */
    void complete() {
        completing = true;
        signal();
    }

    SubscriberStats stats() {
        return new SubscriberStats(filter, capacity, Math.max(0, size.get()), delivered.get(), dropped.sum());
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            refusal = new IllegalArgumentException(
                    "request(" + n + ") violates Reactive Streams rule 3.9: the demand must be positive");
        } else {
            requested.getAndAccumulate(n, (current, add) -> current + add < 0 ? Long.MAX_VALUE : current + add);
        }
        signal();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            unregister.run();
            signal();
        }
    }

    /** Starts a drain on the executor unless one is running; a running drain sees the new work before it stops. */
    void signal() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            // The hub's executor is shut down: nothing more can be delivered to this subscriber.
            cancelled = true;
            unregister.run();
            buffer.clear();
        }
    }

    /** The drain: runs only on the executor, never concurrently with itself. */
    @Override
    public void run() {
        int missed = 1;
        do {
            if (!terminated) {
                drain();
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drain() {
        if (cancelled) {
            terminate();
            return;
        }
        Throwable refused = refusal;
        if (refused != null) {
            cancel();
            terminate();
            subscriber.onError(refused);
            return;
        }
        long delivering = 0;
        long wanted = requested.get();
        JobEvent event;
        while (delivering < wanted && !cancelled && (event = buffer.poll()) != null) {
            size.decrementAndGet();
            delivering++;
            if (!deliver(event)) {
                return;
            }
        }
        if (delivering > 0) {
            requested.addAndGet(-delivering);
            delivered.addAndGet(delivering);
        }
        if (cancelled) {
            terminate();
        } else if (completing && buffer.isEmpty()) {
            unregister.run();
            terminate();
            subscriber.onComplete();
        } else if (requested.get() > 0 && !buffer.isEmpty()) {
            // Events arrived while this pass delivered: come round again on the same thread.
            work.incrementAndGet();
        }
    }

    /** Hands one event over; a subscriber that throws has broken the contract and is cancelled (rule 2.13). */
    private boolean deliver(JobEvent event) {
        try {
            subscriber.onNext(event);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("A job event subscriber ({}) threw from onNext; cancelling its subscription", filter, e);
            cancel();
            terminate();
            return false;
        }
    }

    private void terminate() {
        terminated = true;
        buffer.clear();
        size.set(0);
    }
}
