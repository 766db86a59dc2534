package dev.cordon.runtime.internal.shell;

import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.NodeState;
import dev.cordon.api.model.NodeStatus;
import dev.cordon.protocol.JobErrorJson;
import dev.cordon.protocol.json.PlainJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Compositions in their wire form and as text: the DAG drawn one node per line, layer by layer (a node's layer is
 * one more than the deepest node it waits for), each with its state, its job's state while submitted, and what it
 * waits for.
 */
final class CompositionJson {

    private CompositionJson() {}

    /** The wire form; {@code jobs} looks up a node's job, for its live state and times. */
    static Map<String, Object> map(Composition c, Function<String, Optional<Job>> jobs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("status", c.status().wire());
        m.put("mode", c.mode().wire());
        m.put("priority", c.priority());
        m.put("submitted_at", c.submittedAt().toString());
        m.put("completed_at", c.completedAt().map(Instant::toString).orElse(null));
        m.put("sequence", c.sequence());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (CompositionNode n : c.nodes()) {
            NodeState s = c.state(n.id());
            Optional<Job> job = s.jobId().flatMap(jobs);
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", n.id());
            node.put("plugin_instance_id", n.pluginInstanceId());
            node.put("status", s.status().wire());
            node.put("job_id", s.jobId().orElse(null));
            node.put("job_status", job.map(j -> j.status().wire()).orElse(null));
            node.put(
                    "started_at",
                    job.flatMap(Job::startedAt).map(Instant::toString).orElse(null));
            node.put(
                    "completed_at",
                    job.flatMap(Job::completedAt).map(Instant::toString).orElse(null));
            node.put("result", s.result().orElse(null));
            node.put("error", s.error().map(JobErrorJson::toMap).orElse(null));
            node.put("cause", s.cause().orElse(null));
            node.put("needs", new ArrayList<>(waitsFor(c, n)));
            node.put("after", n.after());
            node.put("args", n.args());
            node.put("kwargs", n.kwargs());
            node.put("lane", n.lane());
            node.put("priority", n.priority());
            nodes.add(node);
        }
        m.put("nodes", nodes);
        return m;
    }

    /** The composition as a layered drawing of its DAG. */
    static String text(Composition c, Function<String, Optional<Job>> jobs) {
        Map<String, Integer> layer = layers(c);
        int width = c.nodes().stream().mapToInt(n -> n.id().length()).max().orElse(4);
        StringBuilder b = new StringBuilder()
                .append("composition ")
                .append(c.id())
                .append("  ")
                .append(c.status().wire())
                .append("  ")
                .append(c.mode().wire())
                .append("  ")
                .append(c.nodes().size())
                .append(c.nodes().size() == 1 ? " node" : " nodes")
                .append('\n');
        int deepest = layer.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int l = 0; l <= deepest; l++) {
            for (CompositionNode n : c.nodes()) {
                if (layer.get(n.id()) != l) {
                    continue;
                }
                NodeState s = c.state(n.id());
                String state = s.status() == NodeStatus.SUBMITTED
                        ? s.jobId().flatMap(jobs).map(j -> j.status().wire()).orElse("submitted")
                        : s.status().wire();
                b.append("  ".repeat(l))
                        .append(l == 0 ? "* " : "└─ ")
                        .append(String.format("%-" + width + "s", n.id()))
                        .append("  ")
                        .append(String.format("%-9s", state))
                        .append(' ')
                        .append(n.pluginInstanceId());
                Set<String> up = waitsFor(c, n);
                up.addAll(n.after());
                if (!up.isEmpty()) {
                    b.append("  <- ").append(String.join(", ", up));
                }
                s.jobId().ifPresent(j -> b.append("  job ").append(j));
                s.result().ifPresent(r -> b.append("  result ").append(abbreviated(PlainJson.compact(r))));
                s.error().ifPresent(e -> b.append("  error ").append(abbreviated(e.message())));
                if (s.error().isEmpty()) {
                    s.cause().ifPresent(cause -> b.append("  (").append(cause).append(')'));
                }
                b.append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    /** The nodes {@code n} needs to have completed: its {@code needs} and the targets of its references. */
    private static Set<String> waitsFor(Composition c, CompositionNode n) {
        Set<String> up = new LinkedHashSet<>(n.needs());
        collectRefs(n.kwargs(), up);
        return up;
    }

    private static void collectRefs(Object value, Set<String> out) {
        if (value instanceof Map<?, ?> map) {
            if (map.get("$ref") instanceof String target) {
                out.add(target);
                return;
            }
            map.values().forEach(v -> collectRefs(v, out));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectRefs(v, out));
        }
    }

    private static Map<String, Integer> layers(Composition c) {
        Map<String, CompositionNode> byId = new HashMap<>();
        c.nodes().forEach(n -> byId.put(n.id(), n));
        Map<String, Integer> layer = new HashMap<>();
        c.nodes().forEach(n -> depth(n, byId, layer, c));
        return layer;
    }

    private static int depth(
            CompositionNode n, Map<String, CompositionNode> byId, Map<String, Integer> layer, Composition c) {
        Integer known = layer.get(n.id());
        if (known != null) {
            return known;
        }
        layer.put(n.id(), 0); // a stored composition has no cycles; this only guards against one
        Set<String> up = waitsFor(c, n);
        up.addAll(n.after());
        int d = 0;
        for (String u : up) {
            CompositionNode upstream = byId.get(u);
            if (upstream != null) {
                d = Math.max(d, depth(upstream, byId, layer, c) + 1);
            }
        }
        layer.put(n.id(), d);
        return d;
    }

    private static String abbreviated(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
    }
}
