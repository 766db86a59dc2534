package dev.cordon.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainRequestReader} against Netty's decoder and aggregator: whatever bytes arrive, in whatever pieces, the
 * request handler sees the same requests (or the same failure) with the reader in the pipeline as without it.
 */
class PlainRequestReaderTest {

    private static final int MAX_BODY = 4096;

    @Property(tries = 400)
    void plainRequestsReadAsNettyReadsThem(
            @ForAll("plainRequests") String request, @ForAll("cuts") List<Integer> cuts) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(decoded(bytes, cuts, true)).isEqualTo(decoded(bytes, cuts, false));
    }

    @Property(tries = 400)
    void anyBytesReadAsNettyReadsThem(@ForAll("mangledRequests") String request, @ForAll("cuts") List<Integer> cuts) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(decoded(bytes, cuts, true)).isEqualTo(decoded(bytes, cuts, false));
    }

    @Test
    void aPlainRequestIsReadWithoutNettysDecoder() {
        EmbeddedChannel channel = channel(true);
        channel.writeInbound(ascii("POST /execute HTTP/1.1\r\nAuthorization: Bearer t\r\nContent-Length: 2\r\n\r\n{}"
                + "GET /health HTTP/1.1\r\n\r\n"));
        FullHttpRequest first = channel.readInbound();
        FullHttpRequest second = channel.readInbound();
        assertThat(first.uri()).isEqualTo("/execute");
        assertThat(first.content().toString(StandardCharsets.US_ASCII)).isEqualTo("{}");
        assertThat(second.uri()).isEqualTo("/health");
        assertThat(second.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("0");
        assertThat(channel.pipeline().get("plain")).isNotNull();
        first.release();
        second.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void aChunkedRequestLeavesTheConnectionToNettysDecoder() {
        EmbeddedChannel channel = channel(true);
        channel.writeInbound(ascii("POST /execute HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"));
        FullHttpRequest request = channel.readInbound();
        assertThat(request.content().toString(StandardCharsets.US_ASCII)).isEqualTo("{}");
        assertThat(channel.pipeline().get("plain")).isNull();
        request.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void anAnswerIsTheBytesNettysEncoderWrites() {
        for (boolean close : new boolean[] {false, true}) {
            FullHttpResponse response = Replies.response(HttpResponseStatus.TOO_MANY_REQUESTS, "{\"detail\":\"é\"}");
            response.headers().set("Retry-After", "3");
            if (close) {
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
            }
            EmbeddedChannel encoder = new EmbeddedChannel(new HttpResponseEncoder());
            encoder.writeOutbound(response.retainedDuplicate());
            ByteBuf expected = Unpooled.buffer();
            for (ByteBuf part; (part = encoder.readOutbound()) != null; part.release()) {
                expected.writeBytes(part);
            }
            ByteBuf actual = Replies.bytes(Unpooled.buffer().alloc(), response);
            assertThat(actual.toString(StandardCharsets.ISO_8859_1))
                    .isEqualTo(expected.toString(StandardCharsets.ISO_8859_1));
            assertThat(response.refCnt()).isZero();
            actual.release();
            expected.release();
            encoder.finishAndReleaseAll();
        }
        assertThat(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK).refCnt())
                .isEqualTo(1);
    }

    /** What reaches the request handler: each request as text, or its decoder failure. */
    private static List<String> decoded(byte[] bytes, List<Integer> cuts, boolean withReader) {
        EmbeddedChannel channel = channel(withReader);
        List<String> seen = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            int to = Math.min(bytes.length, from + cut);
            if (!feed(channel, bytes, from, to, seen)) {
                return seen;
            }
            from = to;
        }
        feed(channel, bytes, from, bytes.length, seen);
        channel.finishAndReleaseAll();
        return seen;
    }

    private static boolean feed(EmbeddedChannel channel, byte[] bytes, int from, int to, List<String> seen) {
        if (from < to && channel.isActive()) {
            channel.writeInbound(Unpooled.copiedBuffer(bytes, from, to - from));
        }
        for (Object message; (message = channel.readInbound()) != null; ) {
            seen.add(describe(message));
            if (message instanceof FullHttpRequest request
                    && request.decoderResult().isFailure()) {
                // The worker answers and closes here: what follows is never read.
                channel.finishAndReleaseAll();
                return false;
            }
        }
        return true;
    }

    private static String describe(Object message) {
        if (!(message instanceof FullHttpRequest request)) {
            return "other " + message;
        }
        try {
            if (request.decoderResult().isFailure()) {
                return "failed " + request.decoderResult().cause().getClass().getName();
            }
            StringBuilder text = new StringBuilder()
                    .append(request.method())
                    .append(' ')
                    .append(request.uri())
                    .append(' ')
                    .append(request.protocolVersion())
                    .append('\n');
            for (Map.Entry<String, String> header : request.headers()) {
                text.append(header.getKey())
                        .append(": [")
                        .append(header.getValue())
                        .append("]\n");
            }
            return text.append(request.content().toString(StandardCharsets.ISO_8859_1))
                    .toString();
        } finally {
            request.release();
        }
    }

    private static EmbeddedChannel channel(boolean withReader) {
        EmbeddedChannel channel = new EmbeddedChannel();
        if (withReader) {
            channel.pipeline().addLast("plain", new PlainRequestReader(MAX_BODY, "aggregator"));
        }
        channel.pipeline().addLast("decoder", new RequestDecoder());
        channel.pipeline().addLast("aggregator", new HttpObjectAggregator(MAX_BODY));
        return channel;
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 200).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> plainRequests() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST");
        Arbitrary<String> target = Arbitraries.of("/execute", "/health", "/execute?x=1", "/no/such", "*", "/%20");
        Arbitrary<String> name = Arbitraries.strings()
                .withChars("abcXYZ-_.!#$%&'*+^`|~019")
                .ofMinLength(1)
                .ofMaxLength(12);
        Arbitrary<String> value =
                Arbitraries.strings().withChars("ab Z9 \t\"'(),/:;<=>?@[]{}\\~").ofMaxLength(20);
        Arbitrary<String> header = Combinators.combine(name, value).as((n, v) -> n + ":" + v + "\r\n");
        Arbitrary<String> body = Arbitraries.strings().withChars("{}\":ab ").ofMaxLength(300);
        Arbitrary<String> length = Arbitraries.of("auto", "none", "wrong");
        return Combinators.combine(
                        method,
                        target,
                        header.list().ofMaxSize(8),
                        body,
                        length,
                        Arbitraries.integers().between(1, 3))
                .as((m, t, headers, b, l, count) -> {
                    StringBuilder one = new StringBuilder();
                    for (int k = 0; k < count; k++) {
                        one.append(m).append(' ').append(t).append(" HTTP/1.1\r\n");
                        headers.forEach(one::append);
                        switch (l) {
                            case "auto" ->
                                one.append("Content-Length: ")
                                        .append(b.length())
                                        .append("\r\n\r\n")
                                        .append(b);
                            case "wrong" ->
                                one.append("content-length:  ")
                                        .append(b.length() / 2)
                                        .append(" \r\n\r\n")
                                        .append(b);
                            default -> one.append("\r\n");
                        }
                    }
                    return one.toString();
                });
    }

    @Provide
    Arbitrary<String> mangledRequests() {
        Arbitrary<String> garbage = Arbitraries.strings()
                .withChars("GETPOST /HTP1.0\r\n:\t\u0001\u00e9xContent-LengthTransfer-Encodingchunked0123456789")
                .ofMaxLength(40);
        return Combinators.combine(plainRequests(), Arbitraries.integers().between(0, 400), garbage)
                .as((request, at, insert) -> {
                    int cut = Math.min(at, request.length());
                    return request.substring(0, cut) + insert + request.substring(cut);
                });
    }
}
