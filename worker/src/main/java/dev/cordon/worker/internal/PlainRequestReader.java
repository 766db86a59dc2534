package dev.cordon.worker.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the plain requests every client of a worker sends — {@code GET} or {@code POST}, {@code HTTP/1.1}, a head of
 * at most {@value #MAX_HEAD_BYTES} bytes with CRLF line ends and at most {@link RequestDecoder#MAX_HEADERS} header
 * lines of visible ASCII, a body given by one {@code Content-Length} within the worker's limit — in one pass, and
 * hands each to the request handler as the {@link io.netty.handler.codec.http.FullHttpRequest} that Netty's decoder
 * and aggregator would have made of it (the same method, target, headers in order with the aggregator's
 * {@code content-length}, and body).
 *
 * <p>Anything else (chunked bodies, {@code Expect}, HTTP/1.0, obsolete line folding, a malformed or over-long head,
 * a body over the limit) is left to Netty's codec, which carries the worker's limits and refusals: on the first
 * request it does not take, this reader leaves the pipeline, handing what it has buffered to {@link RequestDecoder},
 * and the connection stays with Netty's codec from then on. Netty's decoder and aggregator cost a worker's call
 * several microseconds of state machine, header copies and hand-offs between handlers; this reader is one scan.
 */
final class PlainRequestReader extends ByteToMessageDecoder {

    /** The largest head read here; a larger one is Netty's, with the worker's limits. */
    static final int MAX_HEAD_BYTES = 8192;

    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final byte[] HTTP_11 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    private static final boolean[] TOKEN = tokenBytes();

    /** Marks a request that is not plain. */
    static final DefaultFullHttpRequest GIVE_UP =
            new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.EMPTY_BUFFER);

    private final int maxBodyBytes;
    private final String handlerBefore;
    private ChannelHandlerContext next;

    /**
     * @param maxBodyBytes the largest body read here; a larger one is left to the aggregator, which refuses it
     * @param handlerBefore the name of the pipeline handler after which a request read here goes on (the one just
     *     before the request handler), so that Netty's decoder and aggregator are passed over
     */
    PlainRequestReader(int maxBodyBytes, String handlerBefore) {
        this.maxBodyBytes = maxBodyBytes;
        this.handlerBefore = handlerBefore;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        DefaultFullHttpRequest request = read(in, maxBodyBytes);
        if (request == GIVE_UP) {
            // What is buffered goes on to Netty's decoder when this handler is gone.
            ctx.pipeline().remove(this);
        } else if (request != null) {
            if (next == null) {
                // Looked up at the first request: the pipeline is complete by then.
                next = ctx.pipeline().context(handlerBefore);
            }
            next.fireChannelRead(request);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable() && !ctx.isRemoved()) {
            // The rest of a request cut short by the connection's end: Netty's decoder says what is wrong with it.
            ctx.pipeline().remove(this);
        }
    }

    /**
     * Reads one request from the start of {@code in}, moving its reader index past the request.
     *
     * @return the request; {@code null} when it has not arrived whole yet (nothing is consumed); {@link #GIVE_UP}
     *     when it is not plain (nothing is consumed)
     */
    static DefaultFullHttpRequest read(ByteBuf in, int maxBodyBytes) {
        int start = in.readerIndex();
        int limit = in.writerIndex();
        if (start == limit) {
            return null;
        }
        byte first = in.getByte(start);
        if (first != 'G' && first != 'P') {
            // Not a plain request: Netty's decoder skips or refuses what comes first, at once.
            return GIVE_UP;
        }
        int headEnd = in.indexOf(start, Math.min(limit, start + MAX_HEAD_BYTES), (byte) '\n');
        // The request line.
        if (headEnd < 0) {
            return limit - start >= MAX_HEAD_BYTES ? GIVE_UP : null;
        }
        int methodEnd = start;
        while (methodEnd < headEnd && in.getByte(methodEnd) >= 'A' && in.getByte(methodEnd) <= 'Z') {
            methodEnd++;
        }
        HttpMethod method = method(in, start, methodEnd);
        if (method == null || in.getByte(methodEnd) != ' ') {
            return GIVE_UP;
        }
        int targetStart = methodEnd + 1;
        int targetEnd = targetStart;
        while (targetEnd < headEnd && visible(in.getByte(targetEnd))) {
            targetEnd++;
        }
        int versionStart = targetEnd + 1;
        if (targetEnd == targetStart
                || in.getByte(targetEnd) != ' '
                || versionStart + HTTP_11.length + 1 != headEnd
                || !matches(in, versionStart, HTTP_11)
                || in.getByte(headEnd - 1) != '\r') {
            return GIVE_UP;
        }
        // The header lines, up to the empty line.
        HttpHeaders headers = HEADERS.newHeaders();
        long contentLength = -1;
        int lineStart = headEnd + 1;
        int lines = 0;
        while (true) {
            int lineEnd = in.indexOf(lineStart, Math.min(limit, start + MAX_HEAD_BYTES), (byte) '\n');
            if (lineEnd < 0) {
                return limit - start >= MAX_HEAD_BYTES ? GIVE_UP : null;
            }
            if (lineEnd == lineStart || in.getByte(lineEnd - 1) != '\r') {
                return GIVE_UP;
            }
            if (lineEnd == lineStart + 1) {
                lineStart = lineEnd + 1;
                break;
            }
            if (++lines > RequestDecoder.MAX_HEADERS) {
                return GIVE_UP;
            }
            int nameEnd = lineStart;
            while (nameEnd < lineEnd && TOKEN[in.getByte(nameEnd) & 0xff]) {
                nameEnd++;
            }
            if (nameEnd == lineStart || in.getByte(nameEnd) != ':') {
                return GIVE_UP;
            }
            int valueStart = nameEnd + 1;
            int valueEnd = lineEnd - 1;
            while (valueStart < valueEnd && blank(in.getByte(valueStart))) {
                valueStart++;
            }
            while (valueEnd > valueStart && blank(in.getByte(valueEnd - 1))) {
                valueEnd--;
            }
            for (int j = valueStart; j < valueEnd; j++) {
                byte b = in.getByte(j);
                if (!visible(b) && !blank(b)) {
                    return GIVE_UP;
                }
            }
            String name = in.toString(lineStart, nameEnd - lineStart, StandardCharsets.US_ASCII);
            String value = in.toString(valueStart, valueEnd - valueStart, StandardCharsets.US_ASCII);
            if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
                if (contentLength >= 0 || (contentLength = length(value)) < 0) {
                    return GIVE_UP;
                }
            } else if (HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                    || HttpHeaderNames.EXPECT.contentEqualsIgnoreCase(name)) {
                return GIVE_UP;
            }
            headers.add(name, value);
            lineStart = lineEnd + 1;
        }
        if (contentLength > maxBodyBytes) {
            return GIVE_UP;
        }
        int bodyLength = (int) Math.max(0, contentLength);
        if (limit - lineStart < bodyLength) {
            return null;
        }
        if (contentLength < 0) {
            // As Netty's aggregator does for a request without a body.
            headers.set(HttpHeaderNames.CONTENT_LENGTH, "0");
        }
        String target = in.toString(targetStart, targetEnd - targetStart, StandardCharsets.US_ASCII);
        ByteBuf body = bodyLength == 0 ? Unpooled.EMPTY_BUFFER : in.retainedSlice(lineStart, bodyLength);
        in.readerIndex(lineStart + bodyLength);
        return new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, target, body, headers, EmptyHttpHeaders.INSTANCE);
    }

    private static HttpMethod method(ByteBuf in, int from, int to) {
        if (to - from == 4
                && in.getByte(from) == 'P'
                && in.getByte(from + 1) == 'O'
                && in.getByte(from + 2) == 'S'
                && in.getByte(from + 3) == 'T') {
            return HttpMethod.POST;
        }
        if (to - from == 3 && in.getByte(from) == 'G' && in.getByte(from + 1) == 'E' && in.getByte(from + 2) == 'T') {
            return HttpMethod.GET;
        }
        return null;
    }

    /** A {@code Content-Length} of one to nine digits without a leading zero, or -1. */
    private static long length(String value) {
        if (value.isEmpty() || value.length() > 9 || (value.length() > 1 && value.charAt(0) == '0')) {
            return -1;
        }
        long n = 0;
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean matches(ByteBuf in, int at, byte[] expected) {
        for (int k = 0; k < expected.length; k++) {
            if (in.getByte(at + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(byte b) {
        return b > 0x20 && b < 0x7f;
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** RFC 9110's {@code tchar}. */
    private static boolean[] tokenBytes() {
        boolean[] token = new boolean[256];
        for (int c = '0'; c <= '9'; c++) {
            token[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            token[c] = true;
            token[c + ('a' - 'A')] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            token[c] = true;
        }
        return token;
    }
}
