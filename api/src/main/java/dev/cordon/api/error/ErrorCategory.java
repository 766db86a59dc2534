package dev.cordon.api.error;

/**
 * How a failure should be handled, with its wire spelling and whether it is retriable by default.
 *
 * <p>{@code transient} and {@code resource} failures are retriable by default; {@code user_input} ones are not
 * (the same input fails the same way until the caller fixes it), nor are {@code fatal} ones (retrying the unknown
 * does not help).
 */
public enum ErrorCategory {
    /** The caller can fix it: bad config, invalid argument, missing file. */
    USER_INPUT("user_input", false),
    /** A temporary failure: timeout, network blip, brief contention. */
    TRANSIENT("transient", true),
    /** Resource exhaustion: GPU memory, system RAM, disk. */
    RESOURCE("resource", true),
    /** A bug or an irrecoverable state; retrying will not help. */
    FATAL("fatal", false);

    private final String wire;
    private final boolean defaultRetriable;

    ErrorCategory(String wire, boolean defaultRetriable) {
        this.wire = wire;
        this.defaultRetriable = defaultRetriable;
    }

    /** The spelling on the wire and in stores, for example {@code user_input}. */
    public String wire() {
        return wire;
    }

    /** Whether a failure of this category is retried when nothing more specific says otherwise. */
    public boolean defaultRetriable() {
        return defaultRetriable;
    }

    /**
     * The category with this wire spelling.
     *
     * @throws IllegalArgumentException if the spelling is none of {@code user_input}, {@code transient},
     *     {@code resource}, {@code fatal}
     */
    public static ErrorCategory fromWire(String wire) {
        for (ErrorCategory c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "Unknown error category '" + wire + "': expected one of user_input, transient, resource, fatal");
    }
}
