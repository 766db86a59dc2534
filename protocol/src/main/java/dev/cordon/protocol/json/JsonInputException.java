package dev.cordon.protocol.json;

/**
 * JSON that cannot be read or written: malformed, truncated, too deeply nested, too large, or holding a number JSON
 * cannot carry. The message names the JSON path where reading or writing stopped.
 */
public final class JsonInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** What is wrong, for callers that answer each kind differently. */
    public enum Reason {
        /** Not JSON text, or a Java value that has no JSON form. */
        MALFORMED,
        /** Arrays and objects nested deeper than the limit. */
        TOO_DEEP,
        /** Text longer than the limit. */
        TOO_LARGE,
        /** A number that is NaN or infinite, or that only a non-finite double could hold ({@code 1e999}). */
        NON_FINITE
    }

    private final String path;
    private final Reason reason;

    /**
     * @param path the JSON path where reading stopped, for example {@code $.code.resources}
     * @param problem what is wrong there
     */
    public JsonInputException(String path, String problem) {
        this(path, problem, Reason.MALFORMED);
    }

    /**
     * @param path the JSON path where reading or writing stopped
     * @param problem what is wrong there
     * @param reason the kind of problem
     */
    public JsonInputException(String path, String problem, Reason reason) {
        super("Invalid JSON at " + path + ": " + problem);
        this.path = path;
        this.reason = reason;
    }

    /** The JSON path where reading stopped. */
    public String path() {
        return path;
    }

    /** The kind of problem. */
    public Reason reason() {
        return reason;
    }
}
