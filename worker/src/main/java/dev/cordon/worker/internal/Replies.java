package dev.cordon.worker.internal;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.ErrorClassifier;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.TracebackPolicy;
import dev.cordon.protocol.ErrorStatus;
import dev.cordon.protocol.JobErrorJson;
import dev.cordon.protocol.json.PlainJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the worker's answers are written: a JSON body with its length, {@code {"detail": …}} for a refused request,
 * {@code {"_job_error": …}} with the status of its category for a plugin's failure. Every answer goes through
 * {@link #send}, which ends the request's count in {@link InFlight} once it is written.
 */
final class Replies {

    /** The pipeline name of the response encoder, which only streamed answers pass. */
    static final String ENCODER = "encoder";

    private static final int HEAD_BYTES = 256;
    private static final byte[] STATUS_LINE_START = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final int CRLF = ('\r' << 8) | '\n';
    private static final int COLON_SPACE = (':' << 8) | ' ';

    private final InFlight inFlight;
    private final String pluginName;
    private final String instanceId;
    private final TracebackPolicy policy;

    Replies(InFlight inFlight, String pluginName, String instanceId, TracebackPolicy policy) {
        this.inFlight = inFlight;
        this.pluginName = pluginName;
        this.instanceId = instanceId;
        this.policy = policy;
    }

    /** The answer to a request the decoder could not read; the connection closes after it. */
    static FullHttpResponse malformed(Throwable cause) {
        RequestDecoder.Refusal refusal = RequestDecoder.refusal(cause);
        return response(refusal.status(), detail(refusal.detail()));
    }

    Map<String, Object> jobError(Throwable failure) {
        if (!(failure instanceof PluginCancelledError)) {
            WorkerLog.error(
                    "plugin '" + pluginName + "' raised " + failure, policy == TracebackPolicy.FULL ? failure : null);
        }
        JobError error = ErrorClassifier.toJobError(failure, pluginName, instanceId, policy, Instant.now());
        return JobErrorJson.toMap(error);
    }

    void fail(ChannelHandlerContext ctx, Throwable failure, boolean keepAlive) {
        Map<String, Object> error = jobError(failure);
        ErrorCategory category = ErrorClassifier.classify(failure);
        HttpResponseStatus status = HttpResponseStatus.valueOf(
                failure instanceof PluginCancelledError ? ErrorStatus.CANCELLED : ErrorStatus.of(category));
        FullHttpResponse response = response(status, PlainJson.compactUnicode(Map.of(JobErrorJson.KEY, error)));
        if (status == HttpResponseStatus.SERVICE_UNAVAILABLE && error.get("retry_after_seconds") instanceof Double s) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString((long) Math.ceil(Math.max(0, s))));
        }
        send(ctx, response, keepAlive);
    }

    /** A request whose input is refused before the plugin sees it: 400 with a {@code user_input} JobError. */
    void refuseInput(ChannelHandlerContext ctx, PluginInputError error, boolean keepAlive) {
        WorkerLog.warn("refused a request: " + error.getMessage());
        JobError jobError = ErrorClassifier.toJobError(error, pluginName, instanceId, policy, Instant.now());
        send(
                ctx,
                response(
                        HttpResponseStatus.valueOf(ErrorStatus.of(ErrorCategory.USER_INPUT)),
                        PlainJson.compactUnicode(Map.of(JobErrorJson.KEY, JobErrorJson.toMap(jobError)))),
                keepAlive);
    }

    void refuse(ChannelHandlerContext ctx, ProtocolException e, boolean keepAlive) {
        FullHttpResponse response = response(HttpResponseStatus.valueOf(e.status), detail(e.getMessage()));
        if (e.headerName != null) {
            response.headers().set(e.headerName, e.headerValue);
        }
        send(ctx, response, keepAlive);
    }

    static String detail(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", message);
        return PlainJson.compactUnicode(body);
    }

    static FullHttpResponse response(HttpResponseStatus status, String json) {
        ByteBuf content = Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    /**
     * Writes the answer to the request being served; the request counts as answered once the write completes. The
     * answer is written as one buffer, head and body, past the response encoder (which a streamed answer uses): a
     * whole answer needs none of its state, and one buffer is one write.
     */
    void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelHandlerContext encoder = ctx.pipeline().context(ENCODER);
        ChannelFuture written =
                encoder == null ? ctx.writeAndFlush(response) : encoder.writeAndFlush(bytes(encoder.alloc(), response));
        written.addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE)
                .addListener(inFlight.endOnWrite);
    }

    /** The response as HTTP/1.1 bytes; releases its content. */
    static ByteBuf bytes(ByteBufAllocator alloc, FullHttpResponse response) {
        ByteBuf content = response.content();
        ByteBuf out = alloc.buffer(HEAD_BYTES + content.readableBytes());
        try {
            HttpResponseStatus status = response.status();
            out.writeBytes(STATUS_LINE_START);
            ByteBufUtil.writeAscii(out, status.codeAsText());
            out.writeByte(' ');
            ByteBufUtil.writeAscii(out, status.reasonPhrase());
            out.writeShort(CRLF);
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it =
                            response.headers().iteratorCharSequence();
                    it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> header = it.next();
                ByteBufUtil.writeAscii(out, header.getKey());
                out.writeShort(COLON_SPACE);
                ByteBufUtil.writeAscii(out, header.getValue());
                out.writeShort(CRLF);
            }
            out.writeShort(CRLF);
            out.writeBytes(content, content.readerIndex(), content.readableBytes());
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            response.release();
        }
    }
}
