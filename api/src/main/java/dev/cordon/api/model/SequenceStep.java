package dev.cordon.api.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a job sequence, supplied by the caller; the queue turns it into a {@link Job} when the sequence
 * reaches it.
 *
 * @param pluginInstanceId the instance that runs the step
 * @param args positional arguments (JSON values)
 * @param kwargs keyword arguments (JSON values)
 * @param priority the step's priority; 0 inherits the sequence's
 */
public record SequenceStep(String pluginInstanceId, List<Object> args, Map<String, Object> kwargs, int priority) {

    /** Requires the instance; {@code null} arguments read as empty. */
    public SequenceStep {
        Objects.requireNonNull(pluginInstanceId, "pluginInstanceId");
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }
}
