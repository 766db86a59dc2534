package dev.cordon.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A running job's lease as the store holds it.
 *
 * @param jobId the job
 * @param instanceId the plugin instance it runs on
 * @param owner the host holding the lease
 * @param version the claim's version
 * @param leaseUntil when the lease runs out unless renewed
 */
public record ClusterLease(String jobId, String instanceId, String owner, long version, Instant leaseUntil) {

    /** Requires every component. */
    public ClusterLease {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
    }
}
