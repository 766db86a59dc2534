package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.protocol.ErrorStatus;
import dev.cordon.protocol.JobErrorJson;
import dev.cordon.protocol.json.JsonInputException;
import java.util.Map;

/** Maps a worker's failure answers to the typed exceptions. */
final class WorkerErrors {

    private WorkerErrors() {}

    /** The exception for a {@code _job_error} object: cancellation by its repr, else by category. */
    static PluginError fromJobError(Object value, String plugin) {
        JobError error;
        try {
            error = JobErrorJson.fromMap(value, "$." + JobErrorJson.KEY);
        } catch (JsonInputException e) {
            return new PluginFatalError("Worker of '" + plugin + "' sent a malformed _job_error: " + e.getMessage());
        }
        String repr = error.originalExcRepr();
        if (repr != null && (repr.startsWith("PluginCancelledError") || repr.contains(".PluginCancelledError"))) {
            return new PluginCancelledError(plugin);
        }
        return switch (error.category()) {
            case USER_INPUT -> new PluginInputError(error.message(), error.fieldsInvalid(), null);
            case TRANSIENT -> new PluginTransientError(error.message(), error.retryAfterSeconds(), null);
            case RESOURCE -> new PluginResourceError(error.message(), error.resourceShortfall(), null);
            case FATAL -> new PluginFatalError(error.message());
        };
    }

    /** The exception for a non-2xx answer of {@code path}. */
    static PluginError fromStatus(int status, Object body, String path, String plugin) {
        if (body instanceof Map<?, ?> map && map.containsKey(JobErrorJson.KEY)) {
            return fromJobError(map.get(JobErrorJson.KEY), plugin);
        }
        String detail = body instanceof Map<?, ?> map && map.get("detail") != null
                ? String.valueOf(map.get("detail"))
                : String.valueOf(body);
        String where = "Worker of '" + plugin + "' answered " + status + " to " + path + ": " + detail;
        switch (status) {
            case 401 -> {
                return new PluginFatalError(where + " (the worker refused this host's token)");
            }
            case 404, 405 -> {
                return new UnsupportedEndpointError(
                        status, where + " (the worker or its plugin does not support this endpoint)");
            }
            case ErrorStatus.CANCELLED -> {
                return new PluginCancelledError(plugin);
            }
            case 501 -> {
                return new UnsupportedEndpointError(status, where + " (the plugin does not implement it)");
            }
            default -> {
                ErrorCategory category = ErrorStatus.categoryOf(status);
                if (category == null) {
                    return new PluginFatalError(where);
                }
                return switch (category) {
                    case USER_INPUT -> new PluginInputError(where, null, null);
                    case TRANSIENT -> new PluginTransientError(where);
                    case RESOURCE -> new PluginResourceError(where);
                    case FATAL -> new PluginFatalError(where);
                };
            }
        }
    }
}
