package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.error.JobError;
import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** A mutable copy of a {@link Job}, for writing the next version of a job one field at a time. */
final class JobDraft {

    private final Job base;
    private JobStatus status;
    private int priority;
    private Optional<Instant> startedAt;
    private Optional<Instant> completedAt;
    private double progress;
    private String statusMessage;
    private Optional<Object> result;
    private Optional<JobError> error;
    private Optional<Instant> cancelRequestedAt;
    private Optional<CancelPhase> cancelPhase;
    private Optional<String> blockReason;
    private int retryCount;
    private Optional<Map<String, Object>> lastResourceSnapshot;

    private JobDraft(Job job) {
        this.base = job;
        this.status = job.status();
        this.priority = job.priority();
        this.startedAt = job.startedAt();
        this.completedAt = job.completedAt();
        this.progress = job.progress();
        this.statusMessage = job.statusMessage();
        this.result = job.result();
        this.error = job.error();
        this.cancelRequestedAt = job.cancelRequestedAt();
        this.cancelPhase = job.cancelPhase();
        this.blockReason = job.blockReason();
        this.retryCount = job.retryCount();
        this.lastResourceSnapshot = job.lastResourceSnapshot();
    }

    static JobDraft of(Job job) {
        return new JobDraft(job);
    }

    JobDraft status(JobStatus value) {
        this.status = value;
        return this;
    }

    JobDraft priority(int value) {
        this.priority = value;
        return this;
    }

    JobDraft startedAt(Optional<Instant> value) {
        this.startedAt = value;
        return this;
    }

    JobDraft completedAt(Instant value) {
        this.completedAt = Optional.of(value);
        return this;
    }

    JobDraft progress(double value, String message) {
        this.progress = value;
        this.statusMessage = message;
        return this;
    }

    JobDraft result(Object value) {
        this.result = Optional.ofNullable(value);
        return this;
    }

    JobDraft error(Optional<JobError> value) {
        this.error = value;
        return this;
    }

    JobDraft cancel(Instant requestedAt, CancelPhase phase) {
        this.cancelRequestedAt = Optional.of(requestedAt);
        this.cancelPhase = Optional.of(phase);
        return this;
    }

    JobDraft blockReason(Optional<String> value) {
        this.blockReason = value;
        return this;
    }

    JobDraft retryCount(int value) {
        this.retryCount = value;
        return this;
    }

    JobDraft snapshot(Map<String, Object> value) {
        this.lastResourceSnapshot = Optional.of(value);
        return this;
    }

    Job build() {
        return new Job(
                base.id(),
                base.pluginInstanceId(),
                base.args(),
                base.kwargs(),
                status,
                priority,
                base.submittedAt(),
                startedAt,
                completedAt,
                progress,
                statusMessage,
                result,
                error,
                base.sequenceId(),
                base.sequenceIndex(),
                cancelRequestedAt,
                cancelPhase,
                blockReason,
                retryCount,
                lastResourceSnapshot,
                base.lane(),
                base.runId(),
                base.actor());
    }

    /** A new pending job of a sequence step. */
    static Job step(Job pending, String sequenceId, int index) {
        return new Job(
                pending.id(),
                pending.pluginInstanceId(),
                pending.args(),
                pending.kwargs(),
                JobStatus.PENDING,
                pending.priority(),
                pending.submittedAt(),
                null,
                null,
                0.0,
                "",
                null,
                null,
                Optional.of(sequenceId),
                OptionalInt.of(index),
                null,
                null,
                null,
                0,
                null,
                pending.lane(),
                pending.runId(),
                pending.actor());
    }
}
