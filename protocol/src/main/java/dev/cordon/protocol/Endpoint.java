package dev.cordon.protocol;

import dev.cordon.protocol.json.PlainJson;
import java.util.HashMap;
import java.util.Map;

/** The endpoints of worker protocol v1, each with its path and HTTP method. */
public enum Endpoint {
    HEALTH("/health", "GET"),
    STATS("/stats", "GET"),
    USAGE("/usage", "GET"),
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

    /**
     * The deepest nesting a request body may have: the arguments' own limit, {@link PlainJson#MAX_DEPTH}, plus the
     * one level of the body's wrapper ({@code {"args": …, "kwargs": …}}, {@code {"old_config": …}}).
     */
    public static final int BODY_MAX_DEPTH = PlainJson.MAX_DEPTH + 1;

    private static final Map<String, Endpoint> BY_PATH = new HashMap<>();

    static {
        for (Endpoint e : values()) {
            BY_PATH.put(e.path, e);
        }
    }

    private final String path;
    private final String method;

    Endpoint(String path, String method) {
        this.path = path;
        this.method = method;
    }

    /** The request path, for example {@code /execute}. */
    public String path() {
        return path;
    }

    /** The HTTP method, {@code GET} or {@code POST}. */
    public String method() {
        return method;
    }

    /** The endpoint at {@code path}, or {@code null} when the protocol has none there. */
    public static Endpoint of(String path) {
        return BY_PATH.get(path);
    }
}
