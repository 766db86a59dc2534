package dev.cordon.protocol.json;

/**
 * JSON text that cannot be read: malformed, truncated, too deeply nested or too large. The message names the JSON
 * path where reading stopped.
 */
public final class JsonInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * @param path the JSON path where reading stopped, for example {@code $.code.resources}
     * @param problem what is wrong there
     */
    public JsonInputException(String path, String problem) {
        super("Invalid JSON at " + path + ": " + problem);
        this.path = path;
    }

    /** The JSON path where reading stopped. */
    public String path() {
        return path;
    }
}
