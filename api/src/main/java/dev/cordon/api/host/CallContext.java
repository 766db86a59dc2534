package dev.cordon.api.host;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a call is made for: the job that makes it and, when the caller sets them, a run that groups several jobs and
 * the actor (a user or service) behind it. Travels to the worker with the call, which stamps its log lines with it;
 * workers that do not understand it ignore it.
 *
 * @param jobId the queue job that makes the call
 * @param runId a caller-chosen id grouping related jobs (a composition, a request)
 * @param actor who asked for the work
 */
public record CallContext(Optional<String> jobId, Optional<String> runId, Optional<String> actor) {

    /** A context with nothing set. */
    public static final CallContext NONE = new CallContext(Optional.empty(), Optional.empty(), Optional.empty());

    /** {@code null} optionals read as empty; blank values are refused. */
    public CallContext {
        jobId = checked(jobId, "jobId");
        runId = checked(runId, "runId");
        actor = checked(actor, "actor");
    }

    /** A context carrying only a job id. */
    public static CallContext ofJob(String jobId) {
        return new CallContext(Optional.of(jobId), Optional.empty(), Optional.empty());
    }

    /** This context with the job id replaced. */
    public CallContext withJobId(String id) {
        return new CallContext(Optional.of(id), runId, actor);
    }

    /** {@code true} when nothing is set. */
    public boolean isEmpty() {
        return jobId.isEmpty() && runId.isEmpty() && actor.isEmpty();
    }

    private static Optional<String> checked(Optional<String> value, String name) {
        Optional<String> v = Objects.requireNonNullElse(value, Optional.empty());
        v.ifPresent(s -> {
            if (s.isBlank() || s.length() > 200 || s.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException(name + " must be 1-200 printable ASCII characters, got '" + s + "'");
            }
        });
        return v;
    }
}
