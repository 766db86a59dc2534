package dev.cordon.worker.internal;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.plugin.ChunkSink;
import dev.cordon.protocol.UsageHeader;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
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

/**
 * The NDJSON body of one {@code /execute_stream} answer. Lines the plugin emits are appended to a pending buffer
 * that the event loop hands to the socket as one HTTP chunk whenever it gets to it, so a fast producer costs one
 * write per batch, not per line, and a slow one still sees every line sent at once. {@link #emit} blocks while the
 * socket is not writable or too much is pending (back-pressure from the client's TCP window), and throws
 * {@link PluginCancelledError} once the connection is closed ({@link #clientGone()} then says so).
 */
final class StreamSink implements ChunkSink {

    static final AttributeKey<StreamSink> KEY = AttributeKey.valueOf("cordon.stream");
    private static final int MAX_PENDING_BYTES = 256 * 1024;

    private final Channel channel;
    private final String pluginName;
    private final Object lock = new Object();
    private ByteBuf pending;
    private boolean drainScheduled;

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

    @Override
    public void emit(Object chunk) {
        String line;
        try {
            line = PlainJson.compactUnicode(chunk);
        } catch (JsonInputException e) {
            throw new PluginFatalError(
                    "plugin '" + pluginName + "' streamed a value that cannot be sent: " + e.getMessage());
        }
        emitLine(line);
    }

    /** Appends one line (a newline is added), waiting while the client is behind. */
    void emitLine(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            while (true) {
                if (!channel.isActive()) {
                    throw gone();
                }
                if (channel.isWritable() && (pending == null || pending.readableBytes() < MAX_PENDING_BYTES)) {
                    break;
                }
                try {
                    lock.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw gone();
                }
            }
            if (pending == null) {
                pending = Unpooled.buffer(Math.max(4096, bytes.length + 1));
            }
            pending.writeBytes(bytes).writeByte('\n');
            if (!drainScheduled) {
                drainScheduled = true;
                channel.eventLoop().execute(this::drain);
            }
        }
    }

    private void drain() {
        ByteBuf batch;
        synchronized (lock) {
            batch = pending;
            pending = null;
            drainScheduled = false;
            lock.notifyAll();
        }
        if (batch != null) {
            channel.writeAndFlush(new DefaultHttpContent(batch));
        }
    }

    /** Wakes a producer waiting for the socket. */
    void writabilityChanged() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * Sends what is pending and the end of the chunked body, with the usage the plugin reported as its trailer
     * ({@code null}: none).
     */
    ChannelFuture finish(Map<String, Double> usage) {
        ByteBuf rest;
        synchronized (lock) {
            rest = pending;
            pending = null;
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
