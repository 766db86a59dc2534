package dev.cordon.runtime.internal.jobs.events;

import dev.cordon.api.model.JobEvent;
import java.util.Objects;

/** Which events a subscriber of the {@link JobEventHub} receives: one job's, one sequence's, or all. */
public sealed interface JobEventFilter {

    /** Whether {@code event} passes. */
    boolean matches(JobEvent event);

    /** The events of the job {@code jobId}. */
    static JobEventFilter job(String jobId) {
        return new Job(jobId);
    }

    /** The events of every job in the sequence {@code sequenceId}. */
    static JobEventFilter sequence(String sequenceId) {
        return new Sequence(sequenceId);
    }

    /** Every event. */
    static JobEventFilter all() {
        return All.INSTANCE;
    }

    /** One job's events. */
    record Job(String jobId) implements JobEventFilter {
        /** Requires the id. */
        public Job {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public boolean matches(JobEvent event) {
            return jobId.equals(event.jobId());
        }
    }

    /** One sequence's events. */
    record Sequence(String sequenceId) implements JobEventFilter {
        /** Requires the id. */
        public Sequence {
            Objects.requireNonNull(sequenceId, "sequenceId");
        }

        @Override
        public boolean matches(JobEvent event) {
            return event.sequenceId().filter(sequenceId::equals).isPresent();
        }
    }

    /** Every event published on this host, none relayed from another: what this host's journal records. */
    static JobEventFilter local() {
        return Local.INSTANCE;
    }

    /** Whether events relayed from other hosts pass too; all filters but {@link #local()} take them. */
    default boolean takesRelayed() {
        return true;
    }

    /** Every event published on this host. */
    enum Local implements JobEventFilter {
        INSTANCE;

        @Override
        public boolean matches(JobEvent event) {
            return true;
        }

        @Override
        public boolean takesRelayed() {
            return false;
        }
    }

    /** Every event. */
    enum All implements JobEventFilter {
        INSTANCE;

        @Override
        public boolean matches(JobEvent event) {
            return true;
        }
    }
}
