package dev.cordon.testkit.worker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** Collects what a publisher publishes: all of it, or its error. */
public final class Published {

    private Published() {}

    /** Subscribes with unbounded demand; the future completes with every item, or exceptionally with the error. */
    public static CompletableFuture<List<Object>> collect(Flow.Publisher<Object> publisher) {
        CompletableFuture<List<Object>> done = new CompletableFuture<>();
        List<Object> items = new CopyOnWriteArrayList<>();
        publisher.subscribe(new Flow.Subscriber<>() {
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
        });
        return done;
    }
}
