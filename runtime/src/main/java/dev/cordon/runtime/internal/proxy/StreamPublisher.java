package dev.cordon.runtime.internal.proxy;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A stream as a {@link Flow.Publisher} for one subscriber: the call starts on subscription, chunks are delivered on
 * the executor no faster than requested (the pull iterator underneath keeps the back-pressure), and cancelling the
 * subscription abandons the stream.
 */
final class StreamPublisher implements Flow.Publisher<Object> {

    private final Supplier<ChunkIterator> start;
    private final Executor executor;

    StreamPublisher(Supplier<ChunkIterator> start, Executor executor) {
        this.start = start;
        this.executor = executor;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Object> subscriber) {
        Subscription subscription = new Subscription(start.get(), subscriber);
        subscriber.onSubscribe(subscription);
    }

    private final class Subscription implements Flow.Subscription, Runnable {
        private final ChunkIterator chunks;
        private final Flow.Subscriber<? super Object> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean draining = new AtomicBoolean();

        Subscription(ChunkIterator chunks, Flow.Subscriber<? super Object> subscriber) {
            this.chunks = chunks;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled.set(true);
                chunks.close();
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            executor.execute(this);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
            chunks.close();
        }

        /** Delivers while there is demand; one drain at a time, resubmitted when demand arrived meanwhile. */
        @Override
        public void run() {
            if (!draining.compareAndSet(false, true)) {
                return;
            }
            try {
                while (!cancelled.get() && demand.get() > 0) {
                    if (!chunks.hasNext()) {
                        cancelled.set(true);
                        subscriber.onComplete();
                        return;
                    }
                    Object chunk = chunks.next();
                    demand.decrementAndGet();
                    subscriber.onNext(chunk);
                }
            } catch (RuntimeException e) {
                cancelled.set(true);
                chunks.close();
                subscriber.onError(e);
                return;
            } finally {
                draining.set(false);
            }
            if (!cancelled.get() && demand.get() > 0) {
                executor.execute(this);
            }
        }
    }
}
