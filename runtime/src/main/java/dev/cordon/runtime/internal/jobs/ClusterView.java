package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.spi.ClusterHost;
import dev.cordon.api.spi.ClusterLease;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The job queue's cluster mode as the shell shows it: this host, the others, their leases, or why it is refused. */
public interface ClusterView {

    /** Whether cluster mode is configured ({@code cluster=true}). */
    boolean clusterMode();

    /** This host's id, the owner of its leases. */
    String hostId();

    /** The lease on a running job; a host silent for longer has lost its jobs. */
    Duration lease();

    /** Why the queue refuses to run in cluster mode (its job store cannot be shared); empty when it runs. */
    Optional<String> refusal();

    /** The hosts in the shared store, this one included; empty when cluster mode is off or refused. */
    List<ClusterHost> hosts();

    /** The leases on running jobs in the shared store; empty when cluster mode is off or refused. */
    List<ClusterLease> leases();

    /** This host's job events that never reached the other hosts (over the relay's bound, or refused by the store). */
    long eventsNotRelayed();
}
