package dev.cordon.api.model;

import dev.cordon.api.error.JobError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One queued execution and everything known about it, immutable; the queue replaces a job with an updated copy.
 * Wire keys follow the original: {@code id, plugin_instance_id, args, kwargs, status, priority, submitted_at,
 * started_at, completed_at, progress, status_message, result, error, sequence_id, sequence_index,
 * cancel_requested_at, cancel_phase, block_reason, retry_count, last_resource_snapshot}, and Cordon's own
 * {@code lane, run_id, actor}.
 *
 * @param id a UUID
 * @param pluginInstanceId the instance that runs it
 * @param args positional arguments (JSON values)
 * @param kwargs keyword arguments (JSON values)
 * @param status its state
 * @param priority higher runs first; equal priorities run in submission order
 * @param submittedAt when it was submitted
 * @param startedAt when it started running
 * @param completedAt when it reached a terminal state
 * @param progress the last reported progress, 0.0 to 1.0 (or -1.0 when indeterminate)
 * @param statusMessage the last reported status line
 * @param result its result (a JSON value) when completed
 * @param error its error when failed or cancelled
 * @param sequenceId the sequence it belongs to
 * @param sequenceIndex its 0-based step index within that sequence
 * @param cancelRequestedAt when cancellation was requested
 * @param cancelPhase how far cancellation has gone
 * @param blockReason why a pending job cannot start yet (for example waiting for resources)
 * @param retryCount how many times it was retried after a resource failure
 * @param lastResourceSnapshot the last resource snapshot taken while it ran, in its wire form
 * @param lane the queue lane it runs in, {@value #DEFAULT_LANE} unless the submitter chose one
 * @param runId the caller-chosen run it belongs to, carried to the worker with its call
 * @param actor who asked for it, carried to the worker with its call
 */
public record Job(
        String id,
        String pluginInstanceId,
        List<Object> args,
        Map<String, Object> kwargs,
        JobStatus status,
        int priority,
        Instant submittedAt,
        Optional<Instant> startedAt,
        Optional<Instant> completedAt,
        double progress,
        String statusMessage,
        Optional<Object> result,
        Optional<JobError> error,
        Optional<String> sequenceId,
        OptionalInt sequenceIndex,
        Optional<Instant> cancelRequestedAt,
        Optional<CancelPhase> cancelPhase,
        Optional<String> blockReason,
        int retryCount,
        Optional<Map<String, Object>> lastResourceSnapshot,
        String lane,
        Optional<String> runId,
        Optional<String> actor) {

    /** The lane of a job whose submitter chose none. */
    public static final String DEFAULT_LANE = "default";

    /**
     * Requires id, instance, status and submission time; {@code null} collections and optionals read as empty, a
     * {@code null} lane as {@value #DEFAULT_LANE}.
     */
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pluginInstanceId, "pluginInstanceId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(submittedAt, "submittedAt");
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        startedAt = Objects.requireNonNullElse(startedAt, Optional.empty());
        completedAt = Objects.requireNonNullElse(completedAt, Optional.empty());
        statusMessage = Objects.requireNonNullElse(statusMessage, "");
        result = Objects.requireNonNullElse(result, Optional.empty());
        error = Objects.requireNonNullElse(error, Optional.empty());
        sequenceId = Objects.requireNonNullElse(sequenceId, Optional.empty());
        sequenceIndex = Objects.requireNonNullElse(sequenceIndex, OptionalInt.empty());
        cancelRequestedAt = Objects.requireNonNullElse(cancelRequestedAt, Optional.empty());
        cancelPhase = Objects.requireNonNullElse(cancelPhase, Optional.empty());
        blockReason = Objects.requireNonNullElse(blockReason, Optional.empty());
        lastResourceSnapshot = Objects.requireNonNullElse(lastResourceSnapshot, Optional.empty());
        lane = Objects.requireNonNullElse(lane, DEFAULT_LANE);
        runId = Objects.requireNonNullElse(runId, Optional.empty());
        actor = Objects.requireNonNullElse(actor, Optional.empty());
    }

    /** A job in the default lane without run or actor: the components the original's job model has. */
    public Job(
            String id,
            String pluginInstanceId,
            List<Object> args,
            Map<String, Object> kwargs,
            JobStatus status,
            int priority,
            Instant submittedAt,
            Optional<Instant> startedAt,
            Optional<Instant> completedAt,
            double progress,
            String statusMessage,
            Optional<Object> result,
            Optional<JobError> error,
            Optional<String> sequenceId,
            OptionalInt sequenceIndex,
            Optional<Instant> cancelRequestedAt,
            Optional<CancelPhase> cancelPhase,
            Optional<String> blockReason,
            int retryCount,
            Optional<Map<String, Object>> lastResourceSnapshot) {
        this(
                id,
                pluginInstanceId,
                args,
                kwargs,
                status,
                priority,
                submittedAt,
                startedAt,
                completedAt,
                progress,
                statusMessage,
                result,
                error,
                sequenceId,
                sequenceIndex,
                cancelRequestedAt,
                cancelPhase,
                blockReason,
                retryCount,
                lastResourceSnapshot,
                DEFAULT_LANE,
                Optional.empty(),
                Optional.empty());
    }

    /** A freshly submitted, pending job with no sequence. */
    public static Job pending(
            String id,
            String pluginInstanceId,
            List<Object> args,
            Map<String, Object> kwargs,
            int priority,
            Instant submittedAt) {
        return new Job(
                id,
                pluginInstanceId,
                args,
                kwargs,
                JobStatus.PENDING,
                priority,
                submittedAt,
                null,
                null,
                0.0,
                "",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                null);
    }

    /** This job in another state, everything else unchanged. */
    public Job withStatus(JobStatus newStatus) {
        return new Job(
                id,
                pluginInstanceId,
                args,
                kwargs,
                newStatus,
                priority,
                submittedAt,
                startedAt,
                completedAt,
                progress,
                statusMessage,
                result,
                error,
                sequenceId,
                sequenceIndex,
                cancelRequestedAt,
                cancelPhase,
                blockReason,
                retryCount,
                lastResourceSnapshot,
                lane,
                runId,
                actor);
    }
}
