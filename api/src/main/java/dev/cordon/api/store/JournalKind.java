package dev.cordon.api.store;

/** What a {@link JournalRecord} tells; each kind documents the {@link JournalRecord#detail} keys it carries. */
public enum JournalKind {
    /** A worker process was started: {@code pid}, {@code runtime}. */
    WORKER_SPAWNED,
    /** A worker answered its initialisation and serves calls: {@code pid}, {@code url}, {@code config_hash}. */
    WORKER_READY,
    /**
     * A worker process ended: {@code pid}, {@code cause} ({@code stopped}, {@code exited}, {@code crashed},
     * {@code killed}, {@code oom_killed}, {@code host_restart}), {@code exit_code} or {@code signal} when known.
     */
    WORKER_EXITED,
    /** A launch was served by an already started spare worker: {@code pid}. */
    SPARE_TAKEN,
    /** The scheduling policy admitted a call: {@code policy}. */
    ADMISSION_GRANTED,
    /** A call or job could not start now: {@code reason}. */
    ADMISSION_BLOCKED,
    /** An idle instance was stopped to make room for another: {@code for_instance}, {@code reason}. */
    EVICTION,
    /** An instance started with, or was reloaded with, a configuration: {@code config_hash}. */
    CONFIG_APPLIED,
    /** A plugin secret was set: {@code name} (never the value). */
    SECRET_SET,
    /** A plugin secret was removed: {@code name}. */
    SECRET_REMOVED,
    /** A plugin manifest was found: {@code manifest}. */
    PLUGIN_DISCOVERED,
    /** A plugin was forgotten because its manifest went away: {@code manifest}. */
    PLUGIN_REMOVED,
    /** A worker's introspection differed from its manifest: {@code problem}. */
    PLUGIN_DRIFTED,
    /** A job changed state: {@code from}, {@code to}, and {@code error} when it failed. */
    JOB_TRANSITION,
    /** A job's cancellation moved on: {@code from}, {@code to} (cooperative, forcing, reloading, done). */
    JOB_CANCEL_PHASE,
    /** A failed job run is retried: {@code attempt}, {@code error}. */
    JOB_RETRY,
    /** A composition or sequence moved to its next node or step: the event's payload, flattened. */
    COMPOSITION_TRANSITION
}
