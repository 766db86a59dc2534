package dev.cordon.api.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One plugin call of a composition, supplied by the caller. A keyword argument (at any depth) may be an output
 * reference {@code {"$ref": "<node id>", "path": "<JSON pointer>"}}, replaced by that part of the node's result
 * before this node runs; {@code path} is optional and defaults to the whole result.
 *
 * @param id unique within the composition
 * @param pluginInstanceId the instance that runs it (a plugin name runs its default instance)
 * @param args positional arguments (JSON values)
 * @param kwargs keyword arguments (JSON values, output references allowed)
 * @param needs nodes that must complete before it runs, beside those its references name; if one does not, it is
 *     skipped
 * @param after nodes that must end (in any state) before it runs
 * @param priority its job's priority; 0 inherits the composition's
 * @param lane its job's lane
 */
public record CompositionNode(
        String id,
        String pluginInstanceId,
        List<Object> args,
        Map<String, Object> kwargs,
        List<String> needs,
        List<String> after,
        int priority,
        String lane) {

    /** Requires id and instance; {@code null} lists and maps read as empty, a {@code null} lane as the default. */
    public CompositionNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pluginInstanceId, "pluginInstanceId");
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        needs = needs == null ? List.of() : List.copyOf(needs);
        after = after == null ? List.of() : List.copyOf(after);
        lane = Objects.requireNonNullElse(lane, Job.DEFAULT_LANE);
    }

    /** A node in the default lane with inherited priority and no ordering beyond its references. */
    public static CompositionNode of(String id, String pluginInstanceId, Map<String, Object> kwargs) {
        return new CompositionNode(id, pluginInstanceId, null, kwargs, null, null, 0, null);
    }
}
