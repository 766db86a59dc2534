package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginFatalError;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.JobErrorJson;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An NDJSON stream's exchange. The event loop parses the lines of each read into one batch and queues the batch, so
 * the consumer is woken once per read, not once per chunk; reading pauses while more than {@link #BUFFERED_HIGH}
 * chunks wait for the consumer, which is the back-pressure towards the worker (TCP flow control).
 *
 * <p>The queue holds batches ({@code List}), then either {@link #END} or the stream's failure.
 */
final class StreamExchange extends Exchange {

    /** Queued after the last batch of a stream that ended well. */
    static final Object END = new Object();

    private static final int BUFFERED_HIGH = 8192;

    final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errorBody = new ByteArrayOutputStream();
    private List<Object> batch;
    private volatile boolean abandoned;

    StreamExchange(ConnectionPool pool) {
        super(pool);
    }

    @Override
    boolean pulled() {
        return true;
    }

    @Override
    void content(ByteBuf data, boolean last) {
        if (status != 200) {
            copy(data, data.readableBytes(), errorBody);
        } else {
            lines(data);
        }
        if (last) {
            end();
        } else if (buffered.get() < BUFFERED_HIGH) {
            channel.read();
        } else {
            paused.set(true);
            // The consumer may have drained everything between the check and the flag.
            if (buffered.get() < BUFFERED_HIGH && paused.compareAndSet(true, false)) {
                channel.read();
            }
        }
    }

    private void lines(ByteBuf data) {
        while (data.isReadable() && !isDone()) {
            int newline = data.indexOf(data.readerIndex(), data.writerIndex(), (byte) '\n');
            if (newline < 0) {
                copy(data, data.readableBytes(), partial);
                break;
            }
            int length = newline - data.readerIndex();
            String text;
            if (partial.size() == 0) {
                text = data.toString(data.readerIndex(), length, StandardCharsets.UTF_8);
                data.skipBytes(length);
            } else {
                copy(data, length, partial);
                text = partial.toString(StandardCharsets.UTF_8);
                partial.reset();
            }
            data.skipBytes(1);
            line(text);
        }
        publish();
    }

    private void end() {
        if (status != 200) {
            Object value;
            try {
                value = PlainJson.parse(errorBody.toString(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                value = errorBody.toString(StandardCharsets.UTF_8);
            }
            fail(WorkerErrors.fromStatus(status, value, Endpoint.EXECUTE_STREAM.path(), pool.plugin()));
            pool.release(channel, false);
            return;
        }
        if (partial.size() > 0) {
            line(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
            publish();
        }
        if (finish()) {
            queue.add(END);
        }
        // An abandoned stream's connection is being closed by the consumer's thread: it must not go back to the pool.
        pool.release(channel, keepAlive && !abandoned);
    }

    private void line(String text) {
        if (text.isBlank() || isDone()) {
            return;
        }
        Object value;
        try {
            value = PlainJson.parse(text);
        } catch (JsonInputException e) {
            publish();
            fail(new PluginFatalError(
                    "Worker of '" + pool.plugin() + "' streamed a line that is not JSON: " + e.getMessage()));
            channel.close();
            return;
        }
        if (value instanceof Map<?, ?> map && map.containsKey(JobErrorJson.KEY)) {
            publish();
            fail(WorkerErrors.fromJobError(map.get(JobErrorJson.KEY), pool.plugin()));
            return;
        }
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(value);
    }

    /** Queues the chunks parsed so far as one batch. */
    private void publish() {
        if (batch != null) {
            buffered.addAndGet(batch.size());
            queue.add(batch);
            batch = null;
        }
    }

    /** The consumer took a batch of {@code n} chunks: resume reading if it was paused and the buffer ran low. */
    void consumed(int n) {
        Channel c = channel;
        if (buffered.addAndGet(-n) < BUFFERED_HIGH && paused.compareAndSet(true, false) && c != null && !isDone()) {
            c.read();
        }
    }

    /** The consumer gives up: the connection is closed, which cancels the call in the worker. */
    void abandon() {
        abandoned = true;
        if (finish()) {
            Channel c = channel;
            if (c != null) {
                c.close();
            }
        }
    }

    @Override
    boolean fail(RuntimeException failure) {
        if (!finish()) {
            return false;
        }
        queue.add(failure);
        return true;
    }
}
