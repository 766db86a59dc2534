package dev.cordon.worker.internal;

import java.util.HashMap;
import java.util.Map;

/** The endpoints of worker protocol v1, with their paths and methods in one place. */
enum Endpoint {
    HEALTH("/health", "GET"),
    STATS("/stats", "GET"),
    INITIALIZE("/initialize", "POST"),
    PREFETCH("/prefetch", "POST"),
    RECONFIGURE("/reconfigure", "POST"),
    CONFIG_SCHEMA("/config_schema", "GET"),
    CONFIG("/config", "GET"),
    CONFIG_OPTIONS("/config_options", "GET"),
    EXECUTE("/execute", "POST"),
    EXECUTE_STREAM("/execute_stream", "POST"),
    CANCEL("/cancel", "POST"),
    PROGRESS("/progress", "GET"),
    ON_ENABLE("/on_enable", "POST"),
    ON_DISABLE("/on_disable", "POST"),
    GET_SYSTEM_STATUS("/get_system_status", "POST"),
    LIST_PROCESSES("/list_processes", "POST"),
    CLEANUP("/cleanup", "POST");

    private static final Map<String, Endpoint> BY_PATH = new HashMap<>();

    static {
        for (Endpoint e : values()) {
            BY_PATH.put(e.path, e);
        }
    }

    final String path;
    final String method;

    Endpoint(String path, String method) {
        this.path = path;
        this.method = method;
    }

    /** The endpoint at {@code path}, or {@code null}. */
    static Endpoint of(String path) {
        return BY_PATH.get(path);
    }

    /** Whether the endpoint never waits for a running plugin call, so it is answered on the I/O thread. */
    boolean immediate() {
        return this == HEALTH || this == PROGRESS;
    }
}
