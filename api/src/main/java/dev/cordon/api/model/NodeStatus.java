package dev.cordon.api.model;

/** Where one node of a composition stands, with its wire spelling. */
public enum NodeStatus {
    /** Its inputs are not ready yet; it has no job. */
    WAITING("waiting"),
    /** Its job is queued or running; the job tells which. */
    SUBMITTED("submitted"),
    /** Its job completed; its result is kept. */
    COMPLETED("completed"),
    /** Its job failed, or one of its output references could not be resolved. */
    FAILED("failed"),
    /** It was cancelled, with its composition or by fail-fast. */
    CANCELLED("cancelled"),
    /** A node it needs did not complete, so it never ran. */
    SKIPPED("skipped");

    private final String wire;

    NodeStatus(String wire) {
        this.wire = wire;
    }

    /** The wire spelling, for example {@code skipped}. */
    public String wire() {
        return wire;
    }

    /** Whether the node is done: completed, failed, cancelled or skipped. */
    public boolean terminal() {
        return this != WAITING && this != SUBMITTED;
    }

    /**
     * The status with this spelling.
     *
     * @throws IllegalArgumentException for an unknown spelling
     */
    public static NodeStatus fromWire(String wire) {
        for (NodeStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown node status '" + wire + "'");
    }
}
