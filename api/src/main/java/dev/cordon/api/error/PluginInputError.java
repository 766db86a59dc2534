package dev.cordon.api.error;

import java.util.List;

/** A failure the caller can fix (bad config, invalid argument, missing file): {@code user_input}, retriable. */
public non-sealed class PluginInputError extends PluginError {

    private static final long serialVersionUID = 1L;

    private final List<String> fieldsInvalid;

    /** An input error naming no particular field. */
    public PluginInputError(String message) {
        this(message, null, null);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param fieldsInvalid the names of the inputs that failed validation, or {@code null}
     * @param cause the underlying exception, or {@code null}
     */
    public PluginInputError(String message, List<String> fieldsInvalid, Throwable cause) {
        super(message, cause);
        this.fieldsInvalid = fieldsInvalid == null ? null : List.copyOf(fieldsInvalid);
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.USER_INPUT;
    }

    /** The inputs that failed validation, or {@code null} when none were named. */
    public List<String> fieldsInvalid() {
        return fieldsInvalid;
    }
}
