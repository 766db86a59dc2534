package dev.cordon.api.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A static DAG of plugin calls and how far it has come, immutable; the queue replaces it with an updated copy. A node
 * runs as a job once every node it references or needs has completed and every node it runs after has ended. Starts
 * {@code running}; ends {@code completed} (every node completed), {@code failed} (some node failed or was skipped)
 * or {@code cancelled}. Its nodes' jobs carry its id as their {@code sequence_id} and the node's index as their
 * {@code sequence_index}.
 *
 * @param id a UUID
 * @param nodes the nodes, fixed at submission
 * @param mode what a failed node does to the rest
 * @param priority the priority of node jobs whose own is 0
 * @param status the composition's state
 * @param states each node's state, keyed and ordered by node id as {@code nodes}
 * @param submittedAt when it was submitted
 * @param completedAt when it reached a terminal state
 * @param sequence whether it was submitted as a sequence, its nodes being the steps in order
 */
public record Composition(
        String id,
        List<CompositionNode> nodes,
        CompositionMode mode,
        int priority,
        JobStatus status,
        Map<String, NodeState> states,
        Instant submittedAt,
        Optional<Instant> completedAt,
        boolean sequence) {

    /** Copies the collections; {@code null} optionals read as empty. */
    public Composition {
        Objects.requireNonNull(id, "id");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        Objects.requireNonNull(submittedAt, "submittedAt");
        completedAt = Objects.requireNonNullElse(completedAt, Optional.empty());
    }

    /** The state of the node with this id. */
    public NodeState state(String nodeId) {
        NodeState s = states.get(nodeId);
        if (s == null) {
            throw new IllegalArgumentException("Composition " + id + " has no node '" + nodeId + "'");
        }
        return s;
    }

    /** This composition with one node's state replaced. */
    public Composition with(NodeState state) {
        Map<String, NodeState> next = new LinkedHashMap<>(states);
        next.put(state.nodeId(), state);
        return new Composition(id, nodes, mode, priority, status, next, submittedAt, completedAt, sequence);
    }

    /** This composition in another state, ended at {@code at} when that state is terminal. */
    public Composition ended(JobStatus end, Instant at) {
        return new Composition(
                id,
                nodes,
                mode,
                priority,
                end,
                states,
                submittedAt,
                end.terminal() ? Optional.of(at) : Optional.empty(),
                sequence);
    }
}
