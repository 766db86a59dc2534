package dev.cordon.store.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.NodeState;
import dev.cordon.api.model.NodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Composition} as one JSON document (its nodes, each node's state with result and error, and its own
 * state), the form the job stores keep. Values come back as {@link JobDocument} reads them.
 */
public final class CompositionDocument {

    private CompositionDocument() {}

    /** The composition as JSON text. */
    public static String write(Composition c) {
        JsonObject o = new JsonObject();
        o.addProperty("id", c.id());
        o.addProperty("mode", c.mode().wire());
        o.addProperty("priority", c.priority());
        o.addProperty("status", c.status().wire());
        o.addProperty("submitted_at", c.submittedAt().toString());
        o.add(
                "completed_at",
                c.completedAt()
                        .<JsonElement>map(i -> JobDocument.GSON.toJsonTree(i.toString()))
                        .orElse(JsonNull.INSTANCE));
        o.addProperty("sequence", c.sequence());
        JsonArray nodes = new JsonArray();
        for (CompositionNode n : c.nodes()) {
            JsonObject node = new JsonObject();
            node.addProperty("id", n.id());
            node.addProperty("plugin_instance_id", n.pluginInstanceId());
            node.add("args", JobDocument.GSON.toJsonTree(n.args()));
            node.add("kwargs", JobDocument.GSON.toJsonTree(n.kwargs()));
            node.add("needs", JobDocument.GSON.toJsonTree(n.needs()));
            node.add("after", JobDocument.GSON.toJsonTree(n.after()));
            node.addProperty("priority", n.priority());
            node.addProperty("lane", n.lane());
            NodeState s = c.state(n.id());
            node.addProperty("status", s.status().wire());
            node.add("job_id", text(s.jobId()));
            node.add("result", s.result().map(JobDocument.GSON::toJsonTree).orElse(JsonNull.INSTANCE));
            node.add("error", s.error().<JsonElement>map(JobDocument::error).orElse(JsonNull.INSTANCE));
            node.add("cause", text(s.cause()));
            nodes.add(node);
        }
        o.add("nodes", nodes);
        return JobDocument.GSON.toJson(o);
    }

    /**
     * The composition written by {@link #write}.
     *
     * @throws IllegalArgumentException when the text is not such a document
     */
    public static Composition read(String json) {
        try {
            JsonObject o = JobDocument.GSON.fromJson(json, JsonObject.class);
            List<CompositionNode> nodes = new ArrayList<>();
            Map<String, NodeState> states = new LinkedHashMap<>();
            for (JsonElement e : o.getAsJsonArray("nodes")) {
                JsonObject n = e.getAsJsonObject();
                String id = n.get("id").getAsString();
                nodes.add(new CompositionNode(
                        id,
                        n.get("plugin_instance_id").getAsString(),
                        JobDocument.GSON.fromJson(n.get("args"), JobDocument.LIST),
                        JobDocument.GSON.fromJson(n.get("kwargs"), JobDocument.MAP),
                        strings(n.getAsJsonArray("needs")),
                        strings(n.getAsJsonArray("after")),
                        n.get("priority").getAsInt(),
                        n.get("lane").getAsString()));
                states.put(
                        id,
                        new NodeState(
                                id,
                                NodeStatus.fromWire(n.get("status").getAsString()),
                                optionalText(n, "job_id"),
                                present(n, "result")
                                        ? Optional.ofNullable(JobDocument.GSON.fromJson(n.get("result"), Object.class))
                                        : Optional.empty(),
                                present(n, "error")
                                        ? Optional.of(JobDocument.error(n.getAsJsonObject("error")))
                                        : Optional.empty(),
                                optionalText(n, "cause")));
            }
            return new Composition(
                    o.get("id").getAsString(),
                    nodes,
                    CompositionMode.fromWire(o.get("mode").getAsString()),
                    o.get("priority").getAsInt(),
                    JobStatus.fromWire(o.get("status").getAsString()),
                    states,
                    Instant.parse(o.get("submitted_at").getAsString()),
                    optionalText(o, "completed_at").map(Instant::parse),
                    o.get("sequence").getAsBoolean());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Not a stored composition document (" + e.getMessage() + "): "
                            + (json.length() > 200 ? json.substring(0, 200) + "…" : json),
                    e);
        }
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static JsonElement text(Optional<String> value) {
        return value.<JsonElement>map(v -> JobDocument.GSON.toJsonTree(v)).orElse(JsonNull.INSTANCE);
    }

    private static boolean present(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull();
    }

    private static Optional<String> optionalText(JsonObject o, String key) {
        return present(o, key) ? Optional.of(o.get(key).getAsString()) : Optional.empty();
    }
}
