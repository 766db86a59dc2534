package dev.cordon.worker.internal;

/**
 * A request the protocol refuses before or instead of reaching the plugin: answered with {@code status} and
 * {@code {"detail": message}}, plus an optional header.
 */
final class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String headerName;
    final String headerValue;

    ProtocolException(int status, String detail) {
        this(status, detail, null, null);
    }

    ProtocolException(int status, String detail, String headerName, String headerValue) {
        super(detail, null, false, false);
        this.status = status;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }
}
