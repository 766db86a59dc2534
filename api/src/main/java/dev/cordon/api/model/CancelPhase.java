package dev.cordon.api.model;

/**
 * How far the cancellation of a running job has gone, with the original's wire spelling: a cooperative request
 * first, then a forced stop of the worker, then a reload of the instance, then done.
 */
public enum CancelPhase {
    /** The plugin was asked to stop at its next check. */
    COOPERATIVE("cooperative"),
    /** The plugin did not stop in time; its worker is being stopped. */
    FORCE("force"),
    /** A fresh worker is being loaded for the instance. */
    RELOADING("reloading"),
    /** Cancellation has finished. */
    COMPLETED("completed");

    private final String wire;

    CancelPhase(String wire) {
        this.wire = wire;
    }

    /** The wire spelling. */
    public String wire() {
        return wire;
    }

    /**
     * The phase with this spelling.
     *
     * @throws IllegalArgumentException for an unknown spelling
     */
    public static CancelPhase fromWire(String wire) {
        for (CancelPhase p : values()) {
            if (p.wire.equals(wire)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "Unknown cancel phase '" + wire + "': expected cooperative, force, reloading or completed");
    }
}
