package dev.cordon.runtime.internal.jobs.compose;

import dev.cordon.api.error.CompositionInvalidError;
import dev.cordon.api.error.CompositionProblem;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A composition as a JSON document, the form {@code cordon:compose} reads:
 * {@code {"mode": "fail_fast"|"best_effort", "priority": 0, "nodes": [{"id", "plugin" (or "instance"), "args",
 * "kwargs", "needs", "after", "priority", "lane"}]}}; only {@code nodes} and each node's {@code id} and
 * {@code plugin} are required.
 *
 * @param nodes the nodes
 * @param mode fail-fast unless the document says otherwise
 * @param priority the priority of nodes whose own is 0
 */
public record CompositionSpec(List<CompositionNode> nodes, CompositionMode mode, int priority) {

    private static final Set<String> TOP = Set.of("mode", "priority", "nodes");
    private static final Set<String> NODE =
            Set.of("id", "plugin", "instance", "args", "kwargs", "needs", "after", "priority", "lane");

    /**
     * Reads a parsed document.
     *
     * @throws CompositionInvalidError listing every shape problem with its path
     */
    public static CompositionSpec from(Object document) {
        List<CompositionProblem> problems = new ArrayList<>();
        if (!(document instanceof Map<?, ?> top)) {
            throw new CompositionInvalidError(
                    List.of(new CompositionProblem("$", "a composition is a JSON object with a \"nodes\" list")));
        }
        unknownKeys(top, TOP, "$", problems);
        CompositionMode mode = CompositionMode.FAIL_FAST;
        if (top.get("mode") != null) {
            try {
                mode = CompositionMode.fromWire(String.valueOf(top.get("mode")));
            } catch (IllegalArgumentException e) {
                problems.add(new CompositionProblem("mode", e.getMessage()));
            }
        }
        int priority = integer(top.get("priority"), "priority", problems);
        List<CompositionNode> nodes = new ArrayList<>();
        if (!(top.get("nodes") instanceof List<?> list)) {
            problems.add(new CompositionProblem("nodes", "a list of nodes is required"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                node(list.get(i), "nodes[" + i + "]", problems, nodes);
            }
        }
        if (!problems.isEmpty()) {
            throw new CompositionInvalidError(problems);
        }
        return new CompositionSpec(nodes, mode, priority);
    }

    @SuppressWarnings("unchecked")
    private static void node(Object value, String at, List<CompositionProblem> problems, List<CompositionNode> out) {
        if (!(value instanceof Map<?, ?> n)) {
            problems.add(new CompositionProblem(at, "a node is a JSON object with \"id\" and \"plugin\""));
            return;
        }
        unknownKeys(n, NODE, at, problems);
        Object id = n.get("id");
        Object plugin = n.get("plugin") != null ? n.get("plugin") : n.get("instance");
        if (!(id instanceof String)) {
            problems.add(new CompositionProblem(at + ".id", "a node needs an \"id\" (a string)"));
        }
        if (!(plugin instanceof String)) {
            problems.add(new CompositionProblem(
                    at + ".plugin", "a node needs a \"plugin\" (a plugin name or an instance id; a string)"));
        }
        Object args = n.get("args");
        Object kwargs = n.get("kwargs");
        if (args != null && !(args instanceof List)) {
            problems.add(new CompositionProblem(at + ".args", "\"args\" is a list"));
        }
        if (kwargs != null && !(kwargs instanceof Map)) {
            problems.add(new CompositionProblem(at + ".kwargs", "\"kwargs\" is an object"));
        }
        List<String> needs = ids(n.get("needs"), at + ".needs", problems);
        List<String> after = ids(n.get("after"), at + ".after", problems);
        int priority = integer(n.get("priority"), at + ".priority", problems);
        Object lane = n.get("lane");
        if (lane != null && !(lane instanceof String)) {
            problems.add(new CompositionProblem(at + ".lane", "\"lane\" is a lane name (a string)"));
        }
        if (id instanceof String i
                && plugin instanceof String p
                && (args == null || args instanceof List)
                && (kwargs == null || kwargs instanceof Map)) {
            out.add(new CompositionNode(
                    i,
                    p,
                    (List<Object>) args,
                    (Map<String, Object>) kwargs,
                    needs,
                    after,
                    priority,
                    lane instanceof String l ? l : Job.DEFAULT_LANE));
        }
    }

    private static List<String> ids(Object value, String at, List<CompositionProblem> problems) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        problems.add(new CompositionProblem(at, "a list of node ids (strings)"));
        return List.of();
    }

    private static int integer(Object value, String at, List<CompositionProblem> problems) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.intValue();
        }
        problems.add(new CompositionProblem(at, "an integer"));
        return 0;
    }

    private static void unknownKeys(Map<?, ?> map, Set<String> known, String at, List<CompositionProblem> problems) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problems.add(new CompositionProblem(
                        at + "." + key,
                        "unknown key; the keys are " + known.stream().sorted().toList()));
            }
        }
    }
}
