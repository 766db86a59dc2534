package dev.cordon.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One owner's lease on one job. {@code version} grows with every claim of the job, so a claim that was taken over
 * is told apart from the current one even when the same owner claims again.
 *
 * @param jobId the claimed job
 * @param owner the host holding the lease
 * @param version the claim's version, 1 for the job's first claim
 * @param leaseUntil when the lease runs out unless renewed
 */
public record JobClaim(String jobId, String owner, long version, Instant leaseUntil) {

    /** Requires every component; the version is positive. */
    public JobClaim {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if (version < 1) {
            throw new IllegalArgumentException("A claim's version starts at 1, got " + version);
        }
    }

    /** The same claim with a lease running until {@code until}. */
    public JobClaim renewedUntil(Instant until) {
        return new JobClaim(jobId, owner, version, until);
    }
}
