package dev.cordon.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A multi-step job sequence and its progress. Starts {@code running}; ends {@code completed} (every step tried),
 * {@code failed} (fail-fast stopped on a failed step) or {@code cancelled}.
 *
 * @param id a UUID
 * @param steps the steps, fixed at submission
 * @param failFast whether the first failed step stops the sequence
 * @param priority the sequence's priority, inherited by steps with priority 0
 * @param currentIndex the 0-based index of the active step
 * @param currentJobId the active step's job, if any
 * @param results the outcome of each step tried so far
 * @param status the sequence's state
 * @param submittedAt when it was submitted
 * @param completedAt when it reached a terminal state
 */
public record JobSequence(
        String id,
        List<SequenceStep> steps,
        boolean failFast,
        int priority,
        int currentIndex,
        Optional<String> currentJobId,
        List<StepResult> results,
        JobStatus status,
        Instant submittedAt,
        Optional<Instant> completedAt) {

    /** Copies the lists; {@code null} optionals read as empty. */
    public JobSequence {
        Objects.requireNonNull(id, "id");
        steps = List.copyOf(steps);
        results = results == null ? List.of() : List.copyOf(results);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(submittedAt, "submittedAt");
        currentJobId = Objects.requireNonNullElse(currentJobId, Optional.empty());
        completedAt = Objects.requireNonNullElse(completedAt, Optional.empty());
    }
}
