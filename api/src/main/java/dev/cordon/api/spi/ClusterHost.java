package dev.cordon.api.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One host of a cluster as its last heartbeat described it.
 *
 * @param id the host id, the owner of its leases
 * @param address where it runs, {@code hostname/pid}
 * @param plugins the plugin and instance ids it can run (installed, enabled, fit for its platform)
 * @param capacity how many jobs it runs at once at most
 * @param running how many jobs it ran at its heartbeat
 * @param silentFor how long ago its last heartbeat was, by the store's clock; zero when writing one
 */
public record ClusterHost(
        String id, String address, List<String> plugins, int capacity, int running, Duration silentFor) {

    /** Requires every component; copies the plugin list. */
    public ClusterHost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        plugins = List.copyOf(plugins);
        Objects.requireNonNull(silentFor, "silentFor");
    }

    /** Free slots at its heartbeat. */
    public int free() {
        return Math.max(0, capacity - running);
    }

    /** Whether it wrote a heartbeat within {@code lease}: a host silent longer has lost its leases. */
    public boolean live(Duration lease) {
        return silentFor.compareTo(lease) <= 0;
    }
}
