package dev.cordon.api.error;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The structured failure of a job or call, identical in shape to the original's {@code JobError}.
 *
 * <p>Components are in the original's field order, which is also the JSON key order: {@code category},
 * {@code message}, {@code retriable}, {@code original_exc_repr}, {@code traceback}, {@code retry_after_seconds},
 * {@code fields_invalid}, {@code resource_shortfall}, {@code plugin_name}, {@code plugin_instance_id},
 * {@code occurred_at}. Components documented as nullable are {@code null} (JSON {@code null}) when absent.
 *
 * @param category the failure category
 * @param message a human-readable message; empty under {@link TracebackPolicy#NONE}
 * @param retriable whether retrying may succeed
 * @param originalExcRepr the failing exception as text, nullable
 * @param traceback the stack trace, nullable
 * @param retryAfterSeconds a back-off hint for transient failures, nullable
 * @param fieldsInvalid the inputs that failed validation, nullable
 * @param resourceShortfall the gap behind a resource failure, nullable
 * @param pluginName the plugin that failed, nullable
 * @param pluginInstanceId the instance that failed, nullable
 * @param occurredAt when it happened
 */
public record JobError(
        ErrorCategory category,
        String message,
        boolean retriable,
        String originalExcRepr,
        String traceback,
        Double retryAfterSeconds,
        List<String> fieldsInvalid,
        ResourceShortfall resourceShortfall,
        String pluginName,
        String pluginInstanceId,
        Instant occurredAt) {

    /** Requires category, message and time; copies {@code fieldsInvalid}. */
    public JobError {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(occurredAt, "occurredAt");
        fieldsInvalid = fieldsInvalid == null ? null : List.copyOf(fieldsInvalid);
    }

    /** A minimal error: category and message, the category's default retriable flag, occurring now. */
    public static JobError of(ErrorCategory category, String message) {
        return new JobError(
                category,
                message,
                category.defaultRetriable(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Instant.now());
    }

    /** The same error attributed to a plugin and instance. */
    public JobError withPlugin(String name, String instanceId) {
        return new JobError(
                category,
                message,
                retriable,
                originalExcRepr,
                traceback,
                retryAfterSeconds,
                fieldsInvalid,
                resourceShortfall,
                name,
                instanceId,
                occurredAt);
    }
}
