package dev.cordon.boot.internal.launch;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.WorkerOOMError;
import java.util.List;

/**
 * A failed command as the JSON object {@code --json} promises:
 * {@code {"error":{"category":…,"message":…,"plugin":…,"instance":…,"retry_after":…,"fields":[…]}}}. Absent
 * values are {@code null}; a failure outside the plugin taxonomy (a mistyped command) has the category
 * {@code "usage"}.
 */
final class ErrorJson {

    private ErrorJson() {}

    static String of(String message, Throwable cause) {
        String category = "usage";
        String plugin = null;
        String instance = null;
        Double retryAfter = null;
        List<String> fields = List.of();
        if (cause instanceof PluginError error) {
            category = error.category().wire();
            plugin = pluginName(error);
            // A call that found nothing loaded names the id it was given, which is an instance id.
            instance = error instanceof PluginNotLoadedError ? plugin : null;
            if (error instanceof PluginTransientError transientError) {
                retryAfter = transientError.retryAfterSeconds();
            }
            if (error instanceof PluginInputError input && input.fieldsInvalid() != null) {
                fields = input.fieldsInvalid();
            }
        }
        StringBuilder sb = new StringBuilder("{\"error\":{");
        sb.append("\"category\":").append(string(category));
        sb.append(",\"message\":").append(string(message));
        sb.append(",\"plugin\":").append(string(plugin));
        sb.append(",\"instance\":").append(string(instance));
        sb.append(",\"retry_after\":").append(retryAfter == null ? "null" : retryAfter.toString());
        sb.append(",\"fields\":[");
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(string(fields.get(i)));
        }
        return sb.append("]}}").toString();
    }

    private static String pluginName(PluginError error) {
        if (error instanceof PluginNotLoadedError e) {
            return e.pluginName();
        } else if (error instanceof PluginTimeoutError e) {
            return e.pluginName();
        } else if (error instanceof PluginDisabledError e) {
            return e.pluginName();
        } else if (error instanceof PluginCancelledError e) {
            return e.pluginName();
        } else if (error instanceof WorkerOOMError e) {
            return e.pluginName();
        }
        return null;
    }

    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
