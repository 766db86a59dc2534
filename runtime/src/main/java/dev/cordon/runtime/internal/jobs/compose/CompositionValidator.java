package dev.cordon.runtime.internal.jobs.compose;

import dev.cordon.api.error.CompositionProblem;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.model.CompositionNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Checks a composition before it is queued and reports every problem at once, each with its path: empty or
 * duplicate node ids, unknown plugins, instances or lanes, malformed or unknown references and dependencies, and
 * cycles.
 */
final class CompositionValidator {

    private final Consumer<String> checkInstance;
    private final Predicate<String> laneExists;

    /**
     * @param checkInstance throws the typed error of an instance id no job may be queued for
     * @param laneExists whether the queue has a lane
     */
    CompositionValidator(Consumer<String> checkInstance, Predicate<String> laneExists) {
        this.checkInstance = checkInstance;
        this.laneExists = laneExists;
    }

    List<CompositionProblem> problems(List<CompositionNode> nodes) {
        List<CompositionProblem> out = new ArrayList<>();
        if (nodes.isEmpty()) {
            out.add(new CompositionProblem("nodes", "a composition needs at least one node"));
            return out;
        }
        Map<String, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            String id = nodes.get(i).id();
            if (id.isBlank()) {
                out.add(new CompositionProblem(at(i) + ".id", "a node needs a non-empty id"));
            } else if (first.containsKey(id)) {
                out.add(new CompositionProblem(
                        at(i) + ".id",
                        "duplicate node id '" + id + "' (also " + at(first.get(id)) + "); give each node its own id"));
            } else {
                first.put(id, i);
            }
        }
        Map<String, Optional<String>> instances = new HashMap<>();
        for (int k = 0; k < nodes.size(); k++) {
            int i = k;
            CompositionNode n = nodes.get(i);
            instances
                    .computeIfAbsent(n.pluginInstanceId(), this::instanceProblem)
                    .ifPresent(p -> out.add(new CompositionProblem(at(i) + ".plugin", p)));
            if (!laneExists.test(n.lane())) {
                out.add(new CompositionProblem(
                        at(i) + ".lane",
                        "the queue has no lane '" + n.lane() + "'; add it to lanes= in etc/dev.cordon.jobs.cfg"));
            }
            dependencies(n, i, "needs", n.needs(), first, out);
            dependencies(n, i, "after", n.after(), first, out);
            for (References.Ref r : References.find(n.kwargs(), "kwargs")) {
                String path = at(i) + "." + r.where();
                if (r.problem().isPresent()) {
                    out.add(new CompositionProblem(path, r.problem().get()));
                } else if (!first.containsKey(r.target().get())) {
                    out.add(new CompositionProblem(
                            path + ".$ref", unknown(r.target().get(), first)));
                } else if (r.target().get().equals(n.id())) {
                    out.add(new CompositionProblem(path + ".$ref", "a node cannot reference its own result"));
                }
            }
        }
        cycles(nodes, first, out);
        return out;
    }

    private Optional<String> instanceProblem(String instanceId) {
        try {
            checkInstance.accept(instanceId);
            return Optional.empty();
        } catch (PluginError e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void dependencies(
            CompositionNode n,
            int i,
            String field,
            List<String> ids,
            Map<String, Integer> first,
            List<CompositionProblem> out) {
        for (int k = 0; k < ids.size(); k++) {
            String path = at(i) + "." + field + "[" + k + "]";
            if (!first.containsKey(ids.get(k))) {
                out.add(new CompositionProblem(path, unknown(ids.get(k), first)));
            } else if (ids.get(k).equals(n.id())) {
                out.add(new CompositionProblem(path, "a node cannot wait for itself"));
            }
        }
    }

    private static String unknown(String id, Map<String, Integer> first) {
        return "no node has the id '" + id + "'; the nodes are " + first.keySet();
    }

    /** Reports each cycle once, at its first node, as the chain of ids around it. */
    private static void cycles(List<CompositionNode> nodes, Map<String, Integer> first, List<CompositionProblem> out) {
        Graph graph = Graph.of(nodes);
        Map<String, Integer> color = new HashMap<>();
        Set<Set<String>> reported = new HashSet<>();
        for (String id : first.keySet()) {
            visit(id, graph, first, color, new ArrayList<>(), reported, out);
        }
    }

    private static void visit(
            String id,
            Graph graph,
            Map<String, Integer> first,
            Map<String, Integer> color,
            List<String> stack,
            Set<Set<String>> reported,
            List<CompositionProblem> out) {
        int c = color.getOrDefault(id, 0);
        if (c == 2) {
            return;
        }
        if (c == 1) {
            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(id), stack.size()));
            if (reported.add(new HashSet<>(cycle))) {
                cycle.add(id);
                out.add(new CompositionProblem(
                        "nodes[" + first.get(cycle.get(0)) + "]",
                        "cycle " + String.join(" -> ", cycle)
                                + ": no node of it can ever run; remove one of its references or dependencies"));
            }
            return;
        }
        color.put(id, 1);
        stack.add(id);
        for (String up : graph.upstream(id)) {
            if (first.containsKey(up) && !up.equals(id)) {
                visit(up, graph, first, color, stack, reported, out);
            }
        }
        stack.remove(stack.size() - 1);
        color.put(id, 2);
    }

    private static String at(int i) {
        return "nodes[" + i + "]";
    }
}
