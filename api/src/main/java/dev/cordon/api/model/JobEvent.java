package dev.cordon.api.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Something that happened to a job, delivered to subscribers of the job, of its sequence, or of all jobs.
 *
 * @param type what happened; it fixes the payload's keys
 * @param jobId the job
 * @param pluginInstanceId the instance that runs it
 * @param sequenceId its sequence, if any
 * @param sequenceIndex its step index in that sequence, if any
 * @param timestamp when it happened (UTC)
 * @param payload the details, JSON values keyed as {@link JobEventType} documents
 */
public record JobEvent(
        JobEventType type,
        String jobId,
        String pluginInstanceId,
        Optional<String> sequenceId,
        OptionalInt sequenceIndex,
        Instant timestamp,
        Map<String, Object> payload) {

    /** Requires type, job, instance and time; {@code null} optionals and payload read as empty. */
    public JobEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pluginInstanceId, "pluginInstanceId");
        Objects.requireNonNull(timestamp, "timestamp");
        sequenceId = Objects.requireNonNullElse(sequenceId, Optional.empty());
        sequenceIndex = Objects.requireNonNullElse(sequenceIndex, OptionalInt.empty());
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /** A {@link JobEventType#STATE_TRANSITION} event for {@code job} moving {@code from} → {@code to}. */
    public static JobEvent stateTransition(Job job, JobStatus from, JobStatus to, Instant at) {
        return new JobEvent(
                JobEventType.STATE_TRANSITION,
                job.id(),
                job.pluginInstanceId(),
                job.sequenceId(),
                job.sequenceIndex(),
                at,
                Map.of("from", from.wire(), "to", to.wire()));
    }
}
