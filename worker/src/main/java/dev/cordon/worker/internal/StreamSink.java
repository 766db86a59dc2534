package dev.cordon.worker.internal;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.protocol.UsageHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The NDJSON body of one {@code /execute_stream} answer. Lines the plugin emits are appended to a pending buffer
 * that the event loop hands to the socket as one HTTP chunk. A line that comes {@link #LINGER_NANOS} or more after
 * the last write is sent at once, so a slow producer sees every line leave as it is emitted; lines that come faster
 * are gathered for the rest of that time, or until {@link #FLUSH_BYTES} are pending, so a fast producer costs one
 * write (HTTP chunk, system call, reader wake-up) per batch of lines, not one per line. {@link #emitLine} blocks while the
 * socket is not writable or too much is pending (back-pressure from the client's TCP window), and throws
 * {@link PluginCancelledError} once the connection is closed ({@link #clientGone()} then says so).
 */
final class StreamSink {

    static final AttributeKey<StreamSink> KEY = AttributeKey.valueOf("cordon.stream");
    private static final int MAX_PENDING_BYTES = 256 * 1024;

    private final Channel channel;
    private final String pluginName;
    // A lock rather than a monitor: a monitor once waited on stays inflated, and every line then paid its slow path.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private ByteBuf pending;
    /** How long lines that come close together are gathered before they are written. */
    static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** Pending bytes that are written at once, however soon after the last write. */
    static final int FLUSH_BYTES = 16 * 1024;
    /** A batch's buffer: a flush's worth and the line that crosses it, for lines up to 4 KiB. */
    private static final int BATCH_CAPACITY = FLUSH_BYTES + 4096;
    /** A batch's buffer after a batch that did not fill one: a slow producer's line or few. */
    private static final int SMALL_BATCH_CAPACITY = 4096;

    private boolean drainNow;
    private boolean drainLater;
    private long lastDrain = System.nanoTime() - LINGER_NANOS;
    private int lastBatchBytes;

    StreamSink(Channel channel, String pluginName) {
        this.channel = channel;
        this.pluginName = pluginName;
    }

    private volatile boolean clientGone;

    /** Whether the stream's client closed the connection, which cancelled the call. */
    boolean clientGone() {
        return clientGone;
    }

    private PluginCancelledError gone() {
        clientGone = true;
        return new PluginCancelledError(pluginName);
    }

    /** Appends one line (a newline is added), waiting while the client is behind. */
    void emitLine(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            while (true) {
                if (!channel.isActive()) {
                    throw gone();
                }
                if (channel.isWritable() && (pending == null || pending.readableBytes() < MAX_PENDING_BYTES)) {
                    break;
                }
                try {
                    room.await(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw gone();
                }
            }
            if (pending == null) {
                // After a full batch, room for the next whole one: growing it line by line copied it three times.
                int room = lastBatchBytes >= FLUSH_BYTES ? BATCH_CAPACITY : SMALL_BATCH_CAPACITY;
                pending = Unpooled.buffer(Math.max(room, bytes.length + 1));
            }
            pending.writeBytes(bytes).writeByte('\n');
            if (drainNow) {
                return;
            }
            if (pending.readableBytes() >= FLUSH_BYTES) {
                drainNow = true;
                channel.eventLoop().execute(this::drain);
            } else if (!drainLater) {
                // The clock is read only here: while a drain is scheduled, the lines that follow just join it.
                long sinceWrite = System.nanoTime() - lastDrain;
                if (sinceWrite >= LINGER_NANOS) {
                    drainNow = true;
                    channel.eventLoop().execute(this::drain);
                } else {
                    drainLater = true;
                    channel.eventLoop().schedule(this::drain, LINGER_NANOS - sinceWrite, TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        ByteBuf batch;
        lock.lock();
        try {
            batch = pending;
            pending = null;
            lastBatchBytes = batch == null ? 0 : batch.readableBytes();
            drainNow = false;
            drainLater = false;
            lastDrain = System.nanoTime();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        if (batch != null) {
            channel.writeAndFlush(new DefaultHttpContent(batch));
        }
    }

    /** Wakes a producer waiting for the socket. */
    void writabilityChanged() {
        lock.lock();
        try {
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends what is pending and the end of the chunked body, with the usage the plugin reported as its trailer
     * ({@code null}: none).
     */
    ChannelFuture finish(Map<String, Double> usage) {
        ByteBuf rest;
        lock.lock();
        try {
            rest = pending;
            pending = null;
        } finally {
            lock.unlock();
        }
        if (rest == null && usage == null) {
            return channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        LastHttpContent last = new DefaultLastHttpContent(rest == null ? Unpooled.EMPTY_BUFFER : rest);
        if (usage != null) {
            last.trailingHeaders().set(UsageHeader.NAME, UsageHeader.encode(usage));
        }
        return channel.writeAndFlush(last);
    }
}
