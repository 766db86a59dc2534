package dev.cordon.store.postgres.internal;

import dev.cordon.api.spi.ClusterHost;
import dev.cordon.api.spi.ClusterLease;
import dev.cordon.api.spi.ClusterRegistry;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link ClusterRegistry} in the job store's schema: table {@code cluster_hosts} (one row per host, its heartbeat
 * stamped with the server's clock, so hosts' clocks do not decide who is silent) and table {@code cancel_requests},
 * with each request also sent as a {@code NOTIFY} on a channel named after the schema, which {@link #listen} hears;
 * job events go out as {@code NOTIFY}s on a second channel ({@link #publishEvents}, {@link #listenEvents}).
 */
public final class PostgresCluster implements ClusterRegistry {

    /** PostgreSQL's longest identifier. */
    private static final int MAX_IDENTIFIER = 63;

    private final PostgresDatabase db;
    private final String channel;
    private final String eventChannel;

    /** The registry in {@code db}'s schema, which must be migrated. */
    public PostgresCluster(PostgresDatabase db) {
        this.db = db;
        String name = "cordon_cancel_" + db.settings().schema();
        this.channel = name.length() > MAX_IDENTIFIER ? name.substring(0, MAX_IDENTIFIER) : name;
        String events = "cordon_events_" + db.settings().schema();
        this.eventChannel = events.length() > MAX_IDENTIFIER ? events.substring(0, MAX_IDENTIFIER) : events;
    }

    @Override
    public void heartbeat(ClusterHost host) {
        db.write("writing the heartbeat of host " + host.id(), c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO cluster_hosts (id, address, plugins, capacity, running, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, clock_timestamp())
                    ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, plugins = EXCLUDED.plugins,
                        capacity = EXCLUDED.capacity, running = EXCLUDED.running,
                        heartbeat_at = EXCLUDED.heartbeat_at""")) {
                p.setString(1, host.id());
                p.setString(2, host.address());
                p.setArray(3, c.createArrayOf("text", host.plugins().toArray()));
                p.setInt(4, host.capacity());
                p.setInt(5, host.running());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void leave(String hostId) {
        db.write("removing host " + hostId, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_hosts WHERE id = ?")) {
                p.setString(1, hostId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<ClusterHost> hosts(Duration forget) {
        return db.write("listing the cluster's hosts", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_hosts"
                    + " WHERE heartbeat_at < clock_timestamp() - ? * interval '1 millisecond'")) {
                p.setLong(1, forget.toMillis());
                p.executeUpdate();
            }
            List<ClusterHost> hosts = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, address, plugins, capacity, running,"
                            + " (EXTRACT(EPOCH FROM clock_timestamp() - heartbeat_at) * 1000)::BIGINT"
                            + " FROM cluster_hosts ORDER BY id");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Array plugins = rs.getArray(3);
                    hosts.add(new ClusterHost(
                            rs.getString(1),
                            rs.getString(2),
                            Arrays.asList((String[]) plugins.getArray()),
                            rs.getInt(4),
                            rs.getInt(5),
                            Duration.ofMillis(Math.max(0, rs.getLong(6)))));
                }
            }
            return hosts;
        });
    }

    @Override
    public List<ClusterLease> leases() {
        return db.read("listing the leases", c -> {
            List<ClusterLease> leases = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, instance_id, lease_owner, lease_version,"
                            + " lease_until FROM jobs WHERE status = 'running' AND lease_owner IS NOT NULL"
                            + " ORDER BY seq");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    leases.add(new ClusterLease(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), Timestamps.get(rs, 5)));
                }
            }
            return leases;
        });
    }

    @Override
    public void requestCancel(String jobId, String requestedBy) {
        db.write("requesting the cancellation of job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cancel_requests (job_id, requested_by,"
                    + " requested_at) VALUES (?, ?, clock_timestamp()) ON CONFLICT (job_id) DO NOTHING")) {
                p.setString(1, jobId);
                p.setString(2, requestedBy);
                p.executeUpdate();
            }
            // Delivered when the transaction commits, so a listener that hears it also finds the row.
            try (PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                p.setString(1, channel);
                p.setString(2, jobId);
                p.executeQuery().close();
            }
            return null;
        });
    }

    @Override
    public Set<String> cancelRequests(String owner) {
        return db.write("reading the cancel requests of host " + owner, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM cancel_requests r WHERE NOT EXISTS"
                    + " (SELECT 1 FROM jobs j WHERE j.id = r.job_id AND j.status IN ('pending', 'running'))")) {
                p.executeUpdate();
            }
            Set<String> ids = new LinkedHashSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT r.job_id FROM cancel_requests r"
                    + " JOIN jobs j ON j.id = r.job_id WHERE j.lease_owner = ? ORDER BY r.requested_at")) {
                p.setString(1, owner);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    @Override
    public void clearCancel(String jobId) {
        db.write("clearing the cancel request of job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM cancel_requests WHERE job_id = ?")) {
                p.setString(1, jobId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public AutoCloseable listen(Consumer<String> cancelRequested) {
        return NotificationListener.start(db, channel, "cancel requests", cancelRequested);
    }

    @Override
    public void publishEvents(List<String> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        db.write("sending " + payloads.size() + " job event notification(s)", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String payload : payloads) {
                    p.setString(1, eventChannel);
                    p.setString(2, payload);
                    p.executeQuery().close();
                }
            }
            return null;
        });
    }

    @Override
    public AutoCloseable listenEvents(Consumer<String> received) {
        return NotificationListener.start(db, eventChannel, "job events", received);
    }
}
