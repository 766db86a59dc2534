package dev.cordon.worker.internal;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Assigns each new connection to the event loop serving the fewest connections, so that while there are fewer
 * connections than loops every connection has a loop, and so a thread, of its own. {@link #exclusive} tells
 * whether a connection still does, which is when a blocking call may run on its loop.
 *
 * <p>{@code next()} is called by the acceptor thread only, once per accepted connection, before the connection is
 * registered; it counts the connection at once so that back-to-back accepts spread out. {@link #track} uncounts it
 * when it closes.
 */
final class ConnectionLoops implements EventExecutorChooserFactory {

    private final Map<EventExecutor, AtomicInteger> load = new IdentityHashMap<>();
    private final Set<EventExecutor> used = ConcurrentHashMap.newKeySet();

    @Override
    public EventExecutorChooser newChooser(EventExecutor[] executors) {
        for (EventExecutor e : executors) {
            load.put(e, new AtomicInteger());
        }
        return () -> {
            EventExecutor best = executors[0];
            int least = Integer.MAX_VALUE;
            for (EventExecutor e : executors) {
                int n = load.get(e).get();
                if (n < least) {
                    best = e;
                    least = n;
                    if (n == 0) {
                        break;
                    }
                }
            }
            load.get(best).incrementAndGet();
            used.add(best);
            return best;
        };
    }

    /**
     * The loops that were ever handed a connection: the only ones with a thread, since a loop starts its thread on
     * first use (shutting down one that never ran would start its thread first).
     */
    List<EventExecutor> used() {
        return List.copyOf(used);
    }

    /** Uncounts the connection from its loop when it closes. */
    void track(Channel channel) {
        AtomicInteger n = load.get(channel.eventLoop());
        if (n != null) {
            channel.closeFuture().addListener(f -> n.decrementAndGet());
        }
    }

    /** Whether the connection is the only one its loop serves. */
    boolean exclusive(Channel channel) {
        AtomicInteger n = load.get(channel.eventLoop());
        return n != null && n.get() == 1;
    }
}
