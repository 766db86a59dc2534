package dev.cordon.testkit.worker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** Collects every item of a published stream, completing a future with them or with the stream's error. */
final class CollectingSubscriber implements Flow.Subscriber<Object> {
    private final List<Object> items = new CopyOnWriteArrayList<>();
    private final CompletableFuture<List<Object>> done;

    CollectingSubscriber(CompletableFuture<List<Object>> done) {
        this.done = done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Object item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        done.complete(List.copyOf(items));
    }
}
