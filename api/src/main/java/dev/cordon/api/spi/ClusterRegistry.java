package dev.cordon.api.spi;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What hosts sharing one {@link JobStore} tell each other, kept in that store: which hosts are up (each writes a
 * heartbeat with the plugins it can run and its load), and the cancel requests for jobs that another host runs.
 * A {@link JobStore} that several hosts can share hands one out through {@link JobStore#cluster()}.
 */
public interface ClusterRegistry {

    /** Writes this host's row: who it is, what it can run, how loaded it is; stamps it with the store's clock. */
    void heartbeat(ClusterHost host);

    /** Removes the host's row: it stopped cleanly and holds no leases. */
    void leave(String hostId);

    /**
     * Every host that wrote a heartbeat, each with its age; rows of hosts silent for longer than {@code forget} are
     * deleted first.
     */
    List<ClusterHost> hosts(Duration forget);

    /** The leases on running jobs, whichever host holds them, oldest job first. */
    List<ClusterLease> leases();

    /**
     * Records that {@code requestedBy} asks for the running job {@code jobId} to be cancelled, and notifies the
     * other hosts at once where the store can; the owner also finds it by {@link #cancelRequests}.
     */
    void requestCancel(String jobId, String requestedBy);

    /** The jobs leased by {@code owner} that have a cancel request; requests for jobs no longer running are dropped. */
    Set<String> cancelRequests(String owner);

    /** Forgets the cancel request of the job: its owner has acted on it. */
    void clearCancel(String jobId);

    /**
     * Calls {@code cancelRequested} with the job id of every cancel request made from now on, on a thread of the
     * registry's, until the returned handle is closed. Stores that cannot push return a handle that does nothing;
     * {@link #cancelRequests} polled is then the only way requests arrive.
     */
    AutoCloseable listen(Consumer<String> cancelRequested);

    /**
     * Sends each payload (a batch of job events, as the queue writes it) to every host listening with
     * {@link #listenEvents}, the sender included, at once; each payload must fit the store's notification limit
     * ({@value #MAX_EVENT_PAYLOAD} bytes of UTF-8). Stores that cannot push do nothing: events then stay on the host
     * that published them.
     */
    default void publishEvents(List<String> payloads) {}

    /**
     * Calls {@code received} with every payload {@link #publishEvents} sends from now on, on a thread of the
     * registry's, until the returned handle is closed; payloads sent while the store's connection is lost are missed.
     * Stores that cannot push return a handle that does nothing.
     */
    default AutoCloseable listenEvents(Consumer<String> received) {
        return () -> {};
    }

    /** The largest payload {@link #publishEvents} takes, in bytes of UTF-8: PostgreSQL's limit less a margin. */
    int MAX_EVENT_PAYLOAD = 7900;
}
