package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.JobError;
import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.manifest.JobErrorJson;
import dev.cordon.manifest.JsonInputException;
import java.util.Map;

/** Maps a worker's failure answers to the typed exceptions. */
final class WorkerErrors {

    private WorkerErrors() {}

    /** The exception for a {@code _job_error} object: cancellation by its repr, else by category. */
    static PluginError fromJobError(Object value, String plugin) {
        JobError error;
        try {
            error = JobErrorJson.fromMap(value, "$._job_error");
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
        if (body instanceof Map<?, ?> map && map.containsKey("_job_error")) {
            return fromJobError(map.get("_job_error"), plugin);
        }
        String detail = body instanceof Map<?, ?> map && map.get("detail") != null ? String.valueOf(map.get("detail"))
                : String.valueOf(body);
        String where = "Worker of '" + plugin + "' answered " + status + " to " + path + ": " + detail;
        return switch (status) {
            case 400, 413 -> new PluginInputError(where, null, null);
            case 401 -> new PluginFatalError(where + " (the worker refused this host's token)");
            case 404, 405 -> new UnsupportedEndpointError(status,
                    where + " (the worker or its plugin does not support this endpoint)");
            case 409 -> new PluginCancelledError(plugin);
            case 501 -> new UnsupportedEndpointError(status, where + " (the plugin does not implement it)");
            case 503 -> new PluginTransientError(where);
            case 507 -> new PluginResourceError(where);
            default -> status >= 500 && status < 600 ? new PluginTransientError(where) : new PluginFatalError(where);
        };
    }
}
