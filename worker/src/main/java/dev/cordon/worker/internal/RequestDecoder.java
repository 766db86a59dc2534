package dev.cordon.worker.internal;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Netty's request decoder with the worker's limits on a request head, refusing a request that carries both
 * {@code Content-Length} and {@code Transfer-Encoding} (RFC 9112 §6.3 allows dropping the length; refusing leaves
 * no room for two readers of one request to disagree on where it ends). A request over a limit reaches the handler
 * marked as failed; {@link #refusal} says how to answer it.
 */
final class RequestDecoder extends HttpRequestDecoder {

    /** The longest request line; longer is answered 414. */
    static final int MAX_REQUEST_LINE_BYTES = 65536;
    /** The most bytes of header lines; more is answered 431. */
    static final int MAX_HEADER_BYTES = 65536;
    /** The most header lines; more is answered 431. */
    static final int MAX_HEADERS = 100;

    /** How a request the decoder refused is answered; the connection closes after it. */
    record Refusal(HttpResponseStatus status, String detail) {}

    RequestDecoder() {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new ConflictingLengths();
    }

    /** The answer to a request whose decoding failed with {@code cause}. */
    static Refusal refusal(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new Refusal(
                    HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "request headers exceed the " + "worker's limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(
                    HttpResponseStatus.REQUEST_URI_TOO_LONG,
                    "request line exceeds the worker's limit of " + MAX_REQUEST_LINE_BYTES + " bytes");
        }
        if (cause instanceof ConflictingLengths) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        }
        return new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause);
    }

    /** A request with both {@code Content-Length} and {@code Transfer-Encoding}; the decoder marks it invalid. */
    private static final class ConflictingLengths extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConflictingLengths() {
            super("a request may carry Content-Length or Transfer-Encoding, not both", null);
        }
    }
}
