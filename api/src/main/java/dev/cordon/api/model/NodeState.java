package dev.cordon.api.model;

import dev.cordon.api.error.JobError;
import java.util.Objects;
import java.util.Optional;

/**
 * How far one node of a composition has come.
 *
 * @param nodeId the node
 * @param status where it stands
 * @param jobId its job, once submitted
 * @param result its job's result (a JSON value) when completed
 * @param error why it failed or was cancelled
 * @param cause why it was skipped or cancelled without a job of its own, in words
 */
public record NodeState(
        String nodeId,
        NodeStatus status,
        Optional<String> jobId,
        Optional<Object> result,
        Optional<JobError> error,
        Optional<String> cause) {

    /** Requires node and status; {@code null} optionals read as empty. */
    public NodeState {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(status, "status");
        jobId = Objects.requireNonNullElse(jobId, Optional.empty());
        result = Objects.requireNonNullElse(result, Optional.empty());
        error = Objects.requireNonNullElse(error, Optional.empty());
        cause = Objects.requireNonNullElse(cause, Optional.empty());
    }

    /** A node that has not run yet. */
    public static NodeState waiting(String nodeId) {
        return new NodeState(nodeId, NodeStatus.WAITING, null, null, null, null);
    }
}
