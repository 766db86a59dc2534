package dev.cordon.api.model;

import dev.cordon.api.error.JobError;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one sequence step.
 *
 * @param jobId the step's job, empty if the sequence stopped before submitting it
 * @param success whether the job completed
 * @param result its result (a JSON value) on success
 * @param error its error otherwise
 */
public record StepResult(String jobId, boolean success, Optional<Object> result, Optional<JobError> error) {

    /** {@code null} optionals read as empty. */
    public StepResult {
        Objects.requireNonNull(jobId, "jobId");
        result = Objects.requireNonNullElse(result, Optional.empty());
        error = Objects.requireNonNullElse(error, Optional.empty());
    }
}
