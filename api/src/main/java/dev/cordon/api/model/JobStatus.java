package dev.cordon.api.model;

/** A job's (or sequence's) state, with the original's wire spelling. */
public enum JobStatus {
    /** Waiting in the queue. */
    PENDING("pending"),
    /** Executing. */
    RUNNING("running"),
    /** Finished with a result. */
    COMPLETED("completed"),
    /** Finished with an error. */
    FAILED("failed"),
    /** Cancelled before or while running. */
    CANCELLED("cancelled");

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    /** The wire spelling, for example {@code pending}. */
    public String wire() {
        return wire;
    }

    /** Whether the state is final: completed, failed or cancelled. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /**
     * The status with this spelling.
     *
     * @throws IllegalArgumentException for an unknown spelling
     */
    public static JobStatus fromWire(String wire) {
        for (JobStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "Unknown job status '" + wire + "': expected pending, running, completed, failed or cancelled");
    }
}
