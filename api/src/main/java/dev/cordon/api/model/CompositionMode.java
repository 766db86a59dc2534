package dev.cordon.api.model;

/** What a composition does when one of its nodes fails, with its wire spelling. */
public enum CompositionMode {
    /** The first failed node cancels every node that has not ended; the composition ends {@code failed}. */
    FAIL_FAST("fail_fast"),
    /** A failed node skips only its dependents; every other node still runs. */
    BEST_EFFORT("best_effort");

    private final String wire;

    CompositionMode(String wire) {
        this.wire = wire;
    }

    /** The wire spelling, for example {@code fail_fast}. */
    public String wire() {
        return wire;
    }

    /**
     * The mode with this spelling.
     *
     * @throws IllegalArgumentException for an unknown spelling
     */
    public static CompositionMode fromWire(String wire) {
        for (CompositionMode m : values()) {
            if (m.wire.equals(wire)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown composition mode '" + wire + "'; use fail_fast or best_effort");
    }
}
