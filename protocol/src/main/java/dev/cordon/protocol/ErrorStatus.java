package dev.cordon.protocol;

import dev.cordon.api.error.ErrorCategory;

/**
 * The HTTP status of a failed call by the category of its error, in both directions: the worker answers a plugin
 * failure with {@link #of(ErrorCategory)} (a cancelled call with {@link #CANCELLED}), and the host reads a status
 * that came without a {@code _job_error} body with {@link #categoryOf(int)}.
 */
public enum ErrorStatus {
    USER_INPUT(ErrorCategory.USER_INPUT, 400),
    TRANSIENT(ErrorCategory.TRANSIENT, 503),
    RESOURCE(ErrorCategory.RESOURCE, 507),
    FATAL(ErrorCategory.FATAL, 500);

    /** A call ended by {@code /cancel}. */
    public static final int CANCELLED = 409;
    /** A request body over the worker's limit. */
    public static final int BODY_TOO_LARGE = 413;
    /** Request headers over the worker's count or size limit. */
    public static final int HEADERS_TOO_LARGE = 431;

    private final ErrorCategory category;
    private final int code;

    ErrorStatus(ErrorCategory category, int code) {
        this.category = category;
        this.code = code;
    }

    /** The category. */
    public ErrorCategory category() {
        return category;
    }

    /** The HTTP status code. */
    public int code() {
        return code;
    }

    /** The status a worker answers a failure of {@code category} with. */
    public static int of(ErrorCategory category) {
        return switch (category) {
            case USER_INPUT -> USER_INPUT.code;
            case TRANSIENT -> TRANSIENT.code;
            case RESOURCE -> RESOURCE.code;
            case FATAL -> FATAL.code;
        };
    }

    /**
     * The category a status means when no {@code _job_error} says better: a refused request ({@code 400}, {@link
     * #BODY_TOO_LARGE}, {@link #HEADERS_TOO_LARGE}) is the caller's input, {@code 507} a resource, any other 5xx
     * transient (the worker may have failed before it could describe the failure); {@code null} for the rest
     * (authentication, unknown endpoints, cancellation), which the reader maps on its own.
     */
    public static ErrorCategory categoryOf(int status) {
        if (status == USER_INPUT.code || status == BODY_TOO_LARGE || status == HEADERS_TOO_LARGE) {
            return ErrorCategory.USER_INPUT;
        }
        if (status == RESOURCE.code) {
            return ErrorCategory.RESOURCE;
        }
        return status >= 500 && status < 600 ? ErrorCategory.TRANSIENT : null;
    }
}
