package dev.cordon.api.error;

/** A bug or irrecoverable state: {@code fatal}, never retried. */
public non-sealed class PluginFatalError extends PluginError {

    private static final long serialVersionUID = 1L;

    /** A fatal error. */
    public PluginFatalError(String message) {
        this(message, null);
    }

    /** A fatal error with its cause, which may be {@code null}. */
    public PluginFatalError(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.FATAL;
    }
}
