package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.protocol.UsageHeader;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * Pulls the chunks of one stream; {@link #next} throws the stream's typed error when it ends with one. Each wait for
 * the next batch is bounded by the idle timeout. Close it to abandon the stream. Not thread-safe: one consumer.
 */
public final class ChunkIterator implements Iterator<Object>, AutoCloseable {

    private final StreamExchange exchange;
    private final Duration idleTimeout;
    private List<Object> batch = List.of();
    private int index;
    private boolean done;
    private Duration watchEvery;
    private Runnable watch = () -> {};

    ChunkIterator(StreamExchange exchange, Duration idleTimeout) {
        this.exchange = exchange;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Runs {@code check} after every {@code every} that passes without a chunk, until the idle timeout: a check that
     * throws ends the stream with its error (the host's liveness probe of a worker that may be stopped or wedged).
     *
     * @return this iterator
     */
    public ChunkIterator watchedBy(Duration every, Runnable check) {
        this.watchEvery = every;
        this.watch = check;
        return this;
    }

    /** The next batch, end or failure; {@code null} when none came within the idle timeout. */
    private Object awaitBatch() throws InterruptedException {
        long deadline = System.nanoTime() + idleTimeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            long slice = watchEvery == null ? left : Math.min(left, watchEvery.toNanos());
            Object item = exchange.queue.poll(Math.max(slice, 0), TimeUnit.NANOSECONDS);
            if (item != null || deadline - System.nanoTime() <= 0) {
                return item;
            }
            watch.run();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean hasNext() {
        if (index < batch.size()) {
            return true;
        }
        if (done) {
            return false;
        }
        Object item;
        try {
            item = awaitBatch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new PluginCancelledError(exchange.pool.plugin());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (item == null) {
            close();
            throw new PluginTimeoutError(exchange.pool.plugin(), idleTimeout.toMillis() / 1000.0, null);
        }
        if (item == StreamExchange.END) {
            done = true;
            return false;
        }
        if (item instanceof RuntimeException failure) {
            done = true;
            throw failure;
        }
        batch = (List<Object>) item;
        index = 0;
        exchange.consumed(batch.size());
        return true;
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        return batch.get(index++);
    }

    /**
     * What the plugin reported with {@code report_usage} during the stream, as the worker sent it with the stream's
     * end; empty before the end or when it reported nothing.
     */
    public Map<String, Double> usage() {
        return done ? UsageHeader.decode(exchange.usage) : Map.of();
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            exchange.abandon();
        }
    }
}
