package dev.cordon.protocol;

/** A {@link CallHeader} whose value is malformed; the message says which header and what is wrong. */
public final class CallHeaderException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient CallHeader header;

    CallHeaderException(CallHeader header, String message) {
        super(message);
        this.header = header;
    }

    /** The header. */
    public CallHeader header() {
        return header;
    }
}
