package dev.cordon.api.error;

/** A temporary failure (timeout, network blip, contention): {@code transient}, retriable. */
public non-sealed class PluginTransientError extends PluginError {

    private static final long serialVersionUID = 1L;

    private final Double retryAfterSeconds;

    /** A transient error with no back-off hint. */
    public PluginTransientError(String message) {
        this(message, null, null);
    }

    /**
     * @param message what failed
     * @param retryAfterSeconds a back-off hint, or {@code null}
     * @param cause the underlying exception, or {@code null}
     */
    public PluginTransientError(String message, Double retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.TRANSIENT;
    }

    /** The back-off hint in seconds, or {@code null}. */
    public Double retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
