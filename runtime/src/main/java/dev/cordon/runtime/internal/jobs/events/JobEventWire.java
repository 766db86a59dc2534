package dev.cordon.runtime.internal.jobs.events;

import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@link JobEvent} as a JSON object, the one form the shell's {@code --json} output and the events relayed between
 * cluster hosts share: {@code event_type}, {@code job_id}, {@code plugin_instance_id}, {@code sequence_id},
 * {@code sequence_index}, {@code timestamp} (ISO-8601) and {@code payload}.
 */
public final class JobEventWire {

    private JobEventWire() {}

    /** The event's JSON object, keys in the order above. */
    public static Map<String, Object> map(JobEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_type", event.type().wire());
        m.put("job_id", event.jobId());
        m.put("plugin_instance_id", event.pluginInstanceId());
        m.put("sequence_id", event.sequenceId().orElse(null));
        m.put(
                "sequence_index",
                event.sequenceIndex().isPresent() ? event.sequenceIndex().getAsInt() : null);
        m.put("timestamp", event.timestamp().toString());
        m.put("payload", event.payload());
        return m;
    }

    /**
     * The event a {@link #map} wrote.
     *
     * @throws IllegalArgumentException when a key is missing or of the wrong type
     */
    @SuppressWarnings("unchecked")
    public static JobEvent fromMap(Map<String, Object> m) {
        try {
            Object index = m.get("sequence_index");
            Object payload = m.get("payload");
            return new JobEvent(
                    JobEventType.fromWire((String) m.get("event_type")),
                    (String) m.get("job_id"),
                    (String) m.get("plugin_instance_id"),
                    Optional.ofNullable((String) m.get("sequence_id")),
                    index == null ? OptionalInt.empty() : OptionalInt.of(((Number) index).intValue()),
                    Instant.parse((String) m.get("timestamp")),
                    payload == null ? Map.of() : (Map<String, Object>) payload);
        } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("Not a job event: " + m + " (" + e.getMessage() + ")", e);
        }
    }
}
