package dev.cordon.worker.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time from a connection's acceptance, or from the first byte of a later request, to the request's last
 * byte: a connection whose request is still incomplete after the deadline (nothing sent, a head never finished, a
 * body shorter than its length) is answered {@code 408} and closed, so a half-sent request cannot hold a connection,
 * and its buffers, forever. An idle keep-alive connection after a complete request has no deadline: the host's pool
 * keeps those. First in the pipeline, it sees raw bytes; the request
 * handler calls {@link #complete} once a whole request has been decoded. Event-loop confined.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

    private final long millis;
    private final long nanos;
    /** The one timer of the connection; it stays armed across requests, so a request costs no timer of its own. */
    private ScheduledFuture<?> timer;
    /** Whether a request (or the connection's first) has begun and is not yet complete. */
    private boolean incomplete;
    /** When the incomplete request began. */
    private long since;

    RequestDeadline(long millis) {
        this.millis = millis;
        this.nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // A connection that never sends a byte holds resources as surely as one that stops halfway.
        begin(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!incomplete && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            begin(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    private void begin(ChannelHandlerContext ctx) {
        incomplete = true;
        since = System.nanoTime();
        if (timer == null) {
            timer = ctx.executor().schedule(() -> check(ctx), millis, TimeUnit.MILLISECONDS);
        }
    }

    /** The request read so far is complete: the deadline is off until the next request's first byte. */
    void complete() {
        incomplete = false;
    }

    /**
     * The timer: expires the request if it is still incomplete after its time, waits for the rest of the time of a
     * request begun since it was armed, and lapses on a connection that is idle between requests.
     */
    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!incomplete || !ctx.channel().isActive()) {
            return;
        }
        long left = nanos - (System.nanoTime() - since);
        if (left <= 0) {
            expire(ctx);
        } else {
            timer = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        incomplete = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }

    private void expire(ChannelHandlerContext ctx) {
        incomplete = false;
        WorkerLog.warn("closed a connection whose request was incomplete after " + millis + " ms");
        byte[] detail = ("{\"detail\":\"request incomplete after " + millis + " ms: the worker reads a request's head"
                        + " and body within " + millis + " ms of the connection or of the request's first byte\"}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(detail));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, detail.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // From the channel, not this context: the response must pass the encoder, which sits after this handler.
        ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
