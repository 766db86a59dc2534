package dev.cordon.api.error;

/** How much of a failure's detail a {@link JobError} records, with the original's wire spelling. */
public enum TracebackPolicy {
    /** Message, exception repr and stack trace (the default). */
    FULL("full"),
    /** Message and exception repr, no stack trace. */
    REPR_ONLY("repr_only"),
    /** Nothing: the message is empty and neither repr nor stack trace is kept. */
    NONE("none");

    private final String wire;

    TracebackPolicy(String wire) {
        this.wire = wire;
    }

    /** The wire spelling, for example {@code repr_only}. */
    public String wire() {
        return wire;
    }

    /**
     * The policy with this wire spelling.
     *
     * @throws IllegalArgumentException for any other spelling
     */
    public static TracebackPolicy fromWire(String wire) {
        for (TracebackPolicy p : values()) {
            if (p.wire.equals(wire)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown traceback policy '" + wire + "': expected full, repr_only or none");
    }
}
