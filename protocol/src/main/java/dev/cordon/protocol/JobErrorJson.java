package dev.cordon.protocol;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.protocol.internal.JsonText;
import dev.cordon.protocol.internal.JsonValues;
import dev.cordon.protocol.json.JsonInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link JobError} ↔ JSON in the original's shape: the keys {@code category, message, retriable, original_exc_repr,
 * traceback, retry_after_seconds, fields_invalid, resource_shortfall, plugin_name, plugin_instance_id, occurred_at}
 * in that order, absent values as {@code null}, {@code resource_shortfall} as
 * {@code {"resource","needed","available"}} and {@code occurred_at} as Python's {@code isoformat()} of a UTC time
 * (microseconds, omitted when zero, and {@code +00:00}).
 */
public final class JobErrorJson {

    /** The member that carries an error in a failure answer or as the last line of a stream. */
    public static final String KEY = "_job_error";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private JobErrorJson() {}

    /** The error as a plain JSON object in the original's key order. */
    public static Map<String, Object> toMap(JobError error) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("category", error.category().wire());
        map.put("message", error.message());
        map.put("retriable", error.retriable());
        map.put("original_exc_repr", error.originalExcRepr());
        map.put("traceback", error.traceback());
        map.put("retry_after_seconds", error.retryAfterSeconds());
        map.put("fields_invalid", error.fieldsInvalid());
        ResourceShortfall shortfall = error.resourceShortfall();
        if (shortfall == null) {
            map.put("resource_shortfall", null);
        } else {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("resource", shortfall.resource());
            s.put("needed", shortfall.needed());
            s.put("available", shortfall.available());
            map.put("resource_shortfall", s);
        }
        map.put("plugin_name", error.pluginName());
        map.put("plugin_instance_id", error.pluginInstanceId());
        map.put("occurred_at", isoformat(error.occurredAt()));
        return map;
    }

    /** Compact JSON text of the error. */
    public static String toJson(JobError error) {
        return JsonText.compact(toMap(error), false);
    }

    /**
     * Reads an error from JSON text.
     *
     * @throws JsonInputException if the text is not JSON or not a JobError, naming the offending path
     */
    public static JobError fromJson(String json) {
        return fromMap(JsonValues.parse(json), "$");
    }

    /**
     * Reads an error from a plain JSON value found at {@code path}.
     *
     * @throws JsonInputException naming the offending path
     */
    public static JobError fromMap(Object value, String path) {
        Map<String, Object> map = object(value, path);
        String categoryText = string(map, "category", path, false);
        ErrorCategory category;
        try {
            category = ErrorCategory.fromWire(categoryText);
        } catch (IllegalArgumentException e) {
            throw new JsonInputException(path + ".category", e.getMessage());
        }
        Object retriable = map.get("retriable");
        if (!(retriable instanceof Boolean)) {
            throw new JsonInputException(path + ".retriable", "must be a boolean");
        }
        Object retryAfter = map.get("retry_after_seconds");
        if (retryAfter != null && !(retryAfter instanceof Number)) {
            throw new JsonInputException(path + ".retry_after_seconds", "must be a number or null");
        }
        return new JobError(
                category,
                string(map, "message", path, false),
                (Boolean) retriable,
                string(map, "original_exc_repr", path, true),
                string(map, "traceback", path, true),
                retryAfter == null ? null : ((Number) retryAfter).doubleValue(),
                fieldsInvalid(map, path),
                shortfall(map.get("resource_shortfall"), path + ".resource_shortfall"),
                string(map, "plugin_name", path, true),
                string(map, "plugin_instance_id", path, true),
                instant(string(map, "occurred_at", path, false), path + ".occurred_at"));
    }

    /** Python's {@code datetime.isoformat()} of a UTC instant, to the microsecond. */
    static String isoformat(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime time = micros.atOffset(ZoneOffset.UTC);
        String fraction = time.getNano() == 0 ? "" : String.format(".%06d", time.getNano() / 1000);
        return SECONDS.format(time) + fraction + "+00:00";
    }

    private static Instant instant(String text, String path) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new JsonInputException(path, "'" + text + "' is not an ISO-8601 time with offset");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String path) {
        if (!(value instanceof Map)) {
            throw new JsonInputException(path, "must be an object");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> map, String key, String path, boolean nullable) {
        Object value = map.get(key);
        if (value instanceof String s) {
            return s;
        }
        if (value == null && nullable) {
            return null;
        }
        throw new JsonInputException(path + "." + key, nullable ? "must be a string or null" : "must be a string");
    }

    private static List<String> fieldsInvalid(Map<String, Object> map, String path) {
        Object value = map.get("fields_invalid");
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new JsonInputException(path + ".fields_invalid", "must be a list of strings or null");
        }
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new JsonInputException(path + ".fields_invalid[" + i + "]", "must be a string");
            }
            fields.add(s);
        }
        return fields;
    }

    private static ResourceShortfall shortfall(Object value, String path) {
        if (value == null) {
            return null;
        }
        Map<String, Object> map = object(value, path);
        if (!(map.get("needed") instanceof Number needed)) {
            throw new JsonInputException(path + ".needed", "must be a number");
        }
        if (!(map.get("available") instanceof Number available)) {
            throw new JsonInputException(path + ".available", "must be a number");
        }
        String resource = string(map, "resource", path, false);
        try {
            return new ResourceShortfall(resource, needed.doubleValue(), available.doubleValue());
        } catch (IllegalArgumentException e) {
            throw new JsonInputException(path + ".resource", e.getMessage());
        }
    }
}
