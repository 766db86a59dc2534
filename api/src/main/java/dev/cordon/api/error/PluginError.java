package dev.cordon.api.error;

/**
 * A failure Cordon recognises: every subclass declares its {@link ErrorCategory} and whether it is retriable, so
 * the queue and scheduler route it without reading exception text.
 *
 * <p>The four category bases are the closed family; plugins may extend those bases for their own errors.
 * Unchecked, so it crosses functional interfaces and plugin code freely.
 */
public abstract sealed class PluginError extends RuntimeException
        permits PluginInputError, PluginTransientError, PluginResourceError, PluginFatalError {

    private static final long serialVersionUID = 1L;

    /** For the category bases: the message says what failed and what to do; the cause may be {@code null}. */
    protected PluginError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The category this failure belongs to. */
    public abstract ErrorCategory category();

    /** Whether retrying may succeed; the category's default unless a subclass says otherwise. */
    public boolean retriable() {
        return category().defaultRetriable();
    }
}
