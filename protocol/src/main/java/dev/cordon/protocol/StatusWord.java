package dev.cordon.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** The words of the {@code "status"} member with which endpoints answer (docs/protocol.md, the endpoint table). */
public enum StatusWord {
    /** {@code /health}: the worker serves. */
    RUNNING("running"),
    /** {@code /initialize} succeeded. */
    OK("ok"),
    PREFETCHED("prefetched"),
    RECONFIGURED("reconfigured"),
    CANCELLED("cancelled"),
    ENABLED("enabled"),
    DISABLED("disabled"),
    CLEANED("cleaned"),
    /** A hook ({@code /cancel}, {@code /on_enable}, {@code /on_disable}) raised; {@code "detail"} says what. */
    ERROR("error"),
    /** The plugin does not implement the optional method behind the endpoint. */
    NOT_SUPPORTED("not_supported");

    /** The member of an answer object that carries the word. */
    public static final String KEY = "status";

    private final String wire;

    StatusWord(String wire) {
        this.wire = wire;
    }

    /** The word as written on the wire. */
    public String wire() {
        return wire;
    }

    /** Whether {@code answer} is an object whose {@code "status"} is this word. */
    public boolean in(Object answer) {
        return answer instanceof Map<?, ?> map && wire.equals(map.get(KEY));
    }

    /** A new answer object {@code {"status": word}}, to which more members may be added. */
    public Map<String, Object> answer() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(KEY, wire);
        return body;
    }
}
