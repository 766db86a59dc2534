package dev.cordon.runtime.internal.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The I/O threads shared by all {@link WorkerClient}s of a host: a small NIO event-loop group
 * ({@code cordon-proxy-io-N}) and one thread ({@code cordon-proxy-fault}) that examines transport faults, which may
 * wait for a dying worker and so must never run on an event loop.
 */
public final class ProxyTransport implements AutoCloseable {

    final EventLoopGroup group;
    final ExecutorService faults;

    /** A transport with {@code threads} event-loop threads. */
    public ProxyTransport(int threads) {
        AtomicInteger n = new AtomicInteger();
        group = new MultiThreadIoEventLoopGroup(
                threads,
                r -> {
                    Thread t = new Thread(r, "cordon-proxy-io-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                NioIoHandler.newFactory());
        faults = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cordon-proxy-fault");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stops the event loops and waits for them. Their termination is announced on Netty's global executor, whose
     * non-daemon thread then lingers for a second; waiting for it to end keeps it from outliving the framework.
     */
    @Override
    public void close() {
        group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
        faults.shutdownNow();
        try {
            GlobalEventExecutor.INSTANCE.awaitInactivity(2, TimeUnit.SECONDS);
        } catch (IllegalStateException neverStarted) {
            // No event loop terminated through it: there is no thread to wait for.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
