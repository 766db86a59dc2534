package dev.cordon.api.model;

/** The kinds of {@link JobEvent}, with the original's wire spellings; each documents its payload keys. */
public enum JobEventType {
    /** {@code {"from": status, "to": status}}. */
    STATE_TRANSITION("state_transition"),
    /** {@code {"progress": float, "status_message": str}}, when a poll sees a change. */
    PROGRESS_CHANGED("progress_changed"),
    /** {@code {"snapshot": ResourceSnapshot}}, periodically while running. */
    RESOURCE_SNAPSHOT("resource_snapshot"),
    /** {@code {"prior_job_id", "prior_step_index", "prior_success"}}, tagged with the next step's job. */
    SEQUENCE_ADVANCED("sequence_advanced"),
    /** {@code {"from": phase or null, "to": phase}}, during cancellation. */
    CANCEL_PHASE_CHANGED("cancel_phase_changed"),
    /** {@code {"attempt": 1-based, "exception_repr", "exception_category"}}, when a failed run is retried. */
    RETRY_STARTED("retry_started"),
    /** {@code {"from", "to"}}: why a pending job cannot start changed. */
    BLOCK_REASON_CHANGED("block_reason_changed"),
    /** {@code {"lines": [...]}}: the job's worker wrote to its log. */
    LOG_APPENDED("log_appended"),
    /**
     * {@code {"composition_id", "node", "node_index", "from": node status, "to": node status, "cause",
     * "composition_status"}}: a node of a composition changed state, tagged with the node's job ({@code ""} for a
     * node that never had one) and the composition's id as its sequence.
     */
    COMPOSITION_ADVANCED("composition_advanced");

    private final String wire;

    JobEventType(String wire) {
        this.wire = wire;
    }

    /** The wire spelling, for example {@code state_transition}. */
    public String wire() {
        return wire;
    }

    /**
     * The type with this spelling.
     *
     * @throws IllegalArgumentException for an unknown spelling
     */
    public static JobEventType fromWire(String wire) {
        for (JobEventType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown job event type '" + wire + "'");
    }
}
