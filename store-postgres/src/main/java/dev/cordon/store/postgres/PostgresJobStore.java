package dev.cordon.store.postgres;

import dev.cordon.api.model.Composition;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.ClusterRegistry;
import dev.cordon.api.spi.JobClaim;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.CompositionDocument;
import dev.cordon.store.internal.JobDocument;
import dev.cordon.store.internal.Jobs;
import dev.cordon.store.postgres.internal.PostgresCluster;
import dev.cordon.store.postgres.internal.PostgresDatabase;
import dev.cordon.store.postgres.internal.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@link JobStore} on PostgreSQL, table {@code jobs}: the job as one JSON document beside the columns the queue orders
 * and fences by, the same layout as the SQLite store. Several hosts share it: {@link #claimNext} and the take-overs
 * lock the rows they take with {@code FOR UPDATE SKIP LOCKED}, so two hosts never take the same job and neither
 * waits for the other; every write under a claim checks its owner and version in the same statement.
 */
@Component(
        service = JobStore.class,
        configurationPid = PostgresStoreConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // Connects as soon as the configuration arrives, so a wrong setting shows in the log and cordon:status then.
        immediate = true,
        property = {"backend=postgres", "service.ranking:Integer=20"})
public final class PostgresJobStore implements JobStore, AutoCloseable {

    private static final String TERMINAL = "('completed', 'failed', 'cancelled')";
    private static final String HISTORY_ORDER = "completed_at DESC NULLS LAST, seq DESC";

    private final PostgresDatabase db;
    private final PostgresCluster cluster;

    /** The DS constructor. */
    @Activate
    public PostgresJobStore(PostgresStoreConfiguration configuration) {
        this(PostgresSettings.from(configuration));
    }

    /**
     * Connects and migrates the schema.
     *
     * @throws StoreException when the server cannot be reached, refuses the login or has a newer schema
     */
    public PostgresJobStore(PostgresSettings settings) {
        this.db = PostgresDatabase.open(settings, "cordon-pg-job-store");
        this.cluster = new PostgresCluster(db);
    }

    /** The hosts sharing this store see each other through it: the hosts table and cancel requests. */
    @Override
    public Optional<ClusterRegistry> cluster() {
        return Optional.of(cluster);
    }

    @Override
    public void insert(Job job) {
        Jobs.requireStatus(job, JobStatus.PENDING, "insert");
        db.write("storing job " + job.id(), c -> {
            insert(c, job);
            return null;
        });
    }

    private void insert(Connection c, Job job) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO jobs (id, instance_id, status, priority, completed_at, document)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")) {
            p.setString(1, job.id());
            p.setString(2, job.pluginInstanceId());
            p.setString(3, job.status().wire());
            p.setInt(4, job.priority());
            Timestamps.set(p, 5, job.completedAt().orElse(null));
            p.setString(6, JobDocument.write(job));
            if (p.executeUpdate() != 1) {
                throw new StoreException(
                        null,
                        "A job with id " + job.id() + " is already stored in PostgreSQL at "
                                + db.settings().describe() + "; submit it under a new id.");
            }
        }
    }

    /** One transaction: the insert, a look for another pending job, and the claim when there is none. */
    @Override
    public Optional<JobClaim> insertAndClaim(Job pending, Job running, String owner, Instant now, Duration lease) {
        Jobs.requirePendingAndItsStart(pending, running);
        Instant until = Timestamps.stored(now.plus(lease));
        return db.write("storing and claiming job " + pending.id(), c -> {
            boolean others;
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM jobs WHERE status = 'pending' LIMIT 1");
                    ResultSet rs = p.executeQuery()) {
                others = rs.next();
            }
            insert(c, pending);
            return others ? Optional.<JobClaim>empty() : claim(c, running, owner, until);
        });
    }

    /** One transaction: the end of the finishing job, then the claim of the next. */
    @Override
    public Handover finishAndClaim(JobClaim claim, Job done, Job next, String owner, Instant now, Duration lease) {
        requireTerminal(done);
        Instant until = Timestamps.stored(now.plus(lease));
        return db.write(
                "writing the end of job " + done.id() + " and claiming job " + next.id(),
                c -> new Handover(release(c, claim, done), claim(c, next, owner, until)));
    }

    @Override
    public Optional<Job> find(String jobId) {
        return db.read("reading job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT document FROM jobs WHERE id = ?")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(JobDocument.read(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean updatePending(Job job) {
        return db.write("updating pending job " + job.id(), c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    UPDATE jobs SET status = ?, priority = ?, completed_at = ?, document = ?
                    WHERE id = ? AND status = 'pending' AND lease_owner IS NULL""")) {
                p.setString(1, job.status().wire());
                p.setInt(2, job.priority());
                Timestamps.set(p, 3, job.completedAt().orElse(null));
                p.setString(4, JobDocument.write(job));
                p.setString(5, job.id());
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<JobClaim> claim(Job running, String owner, Instant now, Duration lease) {
        Instant until = Timestamps.stored(now.plus(lease));
        return db.write("claiming job " + running.id(), c -> claim(c, running, owner, until));
    }

    private static Optional<JobClaim> claim(Connection c, Job running, String owner, Instant until)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE jobs SET status = ?, document = ?, lease_owner = ?, lease_until = ?,
                    lease_version = lease_version + 1
                WHERE id = ? AND status = 'pending' RETURNING lease_version""")) {
            p.setString(1, running.status().wire());
            p.setString(2, JobDocument.write(running));
            p.setString(3, owner);
            Timestamps.set(p, 4, until);
            p.setString(5, running.id());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next()
                        ? Optional.of(new JobClaim(running.id(), owner, rs.getLong(1), until))
                        : Optional.<JobClaim>empty();
            }
        }
    }

    @Override
    public Optional<ClaimedJob> claimNext(String owner, Set<String> instances, Instant now, Duration lease) {
        Instant until = Timestamps.stored(now.plus(lease));
        return db.write("claiming the next job", c -> {
            Map<Long, Job> next = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT seq, document FROM jobs WHERE status = 'pending'"
                    + (instances.isEmpty() ? "" : " AND instance_id = ANY (?)")
                    + " ORDER BY priority DESC, seq LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                if (!instances.isEmpty()) {
                    p.setArray(1, c.createArrayOf("text", instances.toArray()));
                }
                readDocuments(p, next);
            }
            if (next.isEmpty()) {
                return Optional.<ClaimedJob>empty();
            }
            Map.Entry<Long, Job> row = next.entrySet().iterator().next();
            Job running = Jobs.started(row.getValue(), now);
            JobClaim claim = take(c, row.getKey(), running, owner, until);
            return Optional.of(new ClaimedJob(running, claim));
        });
    }

    @Override
    public boolean renew(JobClaim claim, Instant until) {
        return db.write("renewing the lease of job " + claim.jobId(), c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND lease_version = ?")) {
                Timestamps.set(p, 1, Timestamps.stored(until));
                fence(p, 2, claim);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean update(JobClaim claim, Job job) {
        return db.write("updating running job " + job.id(), c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    UPDATE jobs SET status = ?, document = ?
                    WHERE id = ? AND lease_owner = ? AND lease_version = ?""")) {
                p.setString(1, job.status().wire());
                p.setString(2, JobDocument.write(job));
                fence(p, 3, claim);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean finish(JobClaim claim, Job job) {
        requireTerminal(job);
        return release(claim, job);
    }

    private static void requireTerminal(Job job) {
        if (!job.status().terminal()) {
            throw new IllegalArgumentException("finish needs a terminal job; " + job.id() + " is "
                    + job.status().wire());
        }
    }

    @Override
    public boolean requeue(JobClaim claim, Job pending) {
        Jobs.requireStatus(pending, JobStatus.PENDING, "requeue");
        return release(claim, pending);
    }

    @Override
    public List<ClaimedJob> takeOverExpired(String newOwner, Instant now, Duration lease) {
        return db.write("taking over expired leases", c -> takeOver(c, "lease_until < ?", now, newOwner, now, lease));
    }

    @Override
    public List<ClaimedJob> takeOverFrom(String previousOwner, String newOwner, Instant now, Duration lease) {
        return db.write(
                "taking over the jobs of " + previousOwner,
                c -> takeOver(c, "lease_owner = ?", previousOwner, newOwner, now, lease));
    }

    @Override
    public Optional<JobClaim> currentClaim(String jobId) {
        return db.read("reading the claim of job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT lease_owner, lease_version, lease_until FROM jobs"
                    + " WHERE id = ? AND lease_owner IS NOT NULL")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new JobClaim(jobId, rs.getString(1), rs.getLong(2), Timestamps.get(rs, 3)))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Job> withStatus(JobStatus status, int offset, int limit) {
        String order = status == JobStatus.PENDING ? "priority DESC, seq" : "seq";
        return list(
                "listing " + status.wire() + " jobs",
                "SELECT document FROM jobs WHERE status = ? ORDER BY " + order + " LIMIT ? OFFSET ?",
                status.wire(),
                offset,
                limit);
    }

    @Override
    public List<Job> history(int offset, int limit) {
        return list(
                "listing the job history",
                "SELECT document FROM jobs WHERE status IN " + TERMINAL + " ORDER BY " + HISTORY_ORDER
                        + " LIMIT ? OFFSET ?",
                null,
                offset,
                limit);
    }

    @Override
    public Map<JobStatus, Long> counts() {
        return db.read("counting jobs", c -> {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            try (PreparedStatement p = c.prepareStatement("SELECT status, count(*) FROM jobs GROUP BY status");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    counts.put(JobStatus.fromWire(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public int pruneHistory(int keep) {
        return db.write("pruning the job history", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM jobs WHERE status IN " + TERMINAL
                    + " AND seq NOT IN (SELECT seq FROM jobs WHERE status IN " + TERMINAL + " ORDER BY "
                    + HISTORY_ORDER + " LIMIT ?)")) {
                p.setInt(1, Math.max(keep, 0));
                return p.executeUpdate();
            }
        });
    }

    /** Closes the connection pool; the DS deactivation. */
    @Deactivate
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "PostgresJobStore[" + db.settings().describe() + "]";
    }

    /** Gives the locked row {@code seq} a new claim for {@code owner}, one version above the last. */
    private static JobClaim take(Connection c, long seq, Job job, String owner, Instant until) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE jobs SET status = ?, document = ?, lease_owner = ?, lease_until = ?,
                    lease_version = lease_version + 1
                WHERE seq = ? RETURNING lease_version""")) {
            p.setString(1, job.status().wire());
            p.setString(2, JobDocument.write(job));
            p.setString(3, owner);
            Timestamps.set(p, 4, until);
            p.setLong(5, seq);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new JobClaim(job.id(), owner, rs.getLong(1), until);
            }
        }
    }

    private static List<ClaimedJob> takeOver(
            Connection c, String condition, Object argument, String newOwner, Instant now, Duration lease)
            throws SQLException {
        Instant until = Timestamps.stored(now.plus(lease));
        Map<Long, Job> rows = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT seq, document FROM jobs WHERE status = 'running'"
                + " AND lease_owner IS NOT NULL AND " + condition + " ORDER BY seq FOR UPDATE SKIP LOCKED")) {
            if (argument instanceof Instant at) {
                Timestamps.set(p, 1, at);
            } else {
                p.setString(1, (String) argument);
            }
            readDocuments(p, rows);
        }
        List<ClaimedJob> taken = new ArrayList<>();
        for (Map.Entry<Long, Job> row : rows.entrySet()) {
            taken.add(new ClaimedJob(row.getValue(), take(c, row.getKey(), row.getValue(), newOwner, until)));
        }
        return taken;
    }

    private static void readDocuments(PreparedStatement p, Map<Long, Job> into) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                into.put(rs.getLong(1), JobDocument.read(rs.getString(2)));
            }
        }
    }

    private boolean release(JobClaim claim, Job job) {
        return db.write("writing the state of job " + job.id(), c -> release(c, claim, job));
    }

    private static boolean release(Connection c, JobClaim claim, Job job) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE jobs SET status = ?, priority = ?, completed_at = ?, document = ?,
                    ran_on = CASE WHEN ? THEN lease_owner ELSE ran_on END, lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND lease_owner = ? AND lease_version = ?""")) {
            p.setString(1, job.status().wire());
            p.setInt(2, job.priority());
            Timestamps.set(p, 3, job.completedAt().orElse(null));
            p.setString(4, JobDocument.write(job));
            p.setBoolean(5, job.status().terminal());
            fence(p, 6, claim);
            return p.executeUpdate() == 1;
        }
    }

    private List<Job> list(String action, String sql, String status, int offset, int limit) {
        return db.read(action, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                int i = 1;
                if (status != null) {
                    p.setString(i++, status);
                }
                p.setInt(i++, Math.max(limit, 0));
                p.setInt(i, Math.max(offset, 0));
                List<Job> jobs = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(JobDocument.read(rs.getString(1)));
                    }
                }
                return jobs;
            }
        });
    }

    private static void fence(PreparedStatement p, int first, JobClaim claim) throws SQLException {
        p.setString(first, claim.jobId());
        p.setString(first + 1, claim.owner());
        p.setLong(first + 2, claim.version());
    }

    @Override
    public void saveComposition(Composition composition) {
        db.write("storing composition " + composition.id(), c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO compositions (id, status, submitted_at, document) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, document = excluded.document""")) {
                p.setString(1, composition.id());
                p.setString(2, composition.status().wire());
                Timestamps.set(p, 3, composition.submittedAt());
                p.setString(4, CompositionDocument.write(composition));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Composition> findComposition(String compositionId) {
        return db.read("reading composition " + compositionId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT document FROM compositions WHERE id = ?")) {
                p.setString(1, compositionId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(CompositionDocument.read(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Composition> compositions(int offset, int limit) {
        return db.read("listing compositions", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT document FROM compositions ORDER BY submitted_at DESC, seq DESC LIMIT ? OFFSET ?")) {
                p.setInt(1, limit);
                p.setInt(2, offset);
                return compositionList(p);
            }
        });
    }

    @Override
    public List<Composition> unfinishedCompositions() {
        return db.read("listing running compositions", c -> {
            try (PreparedStatement p =
                    c.prepareStatement("SELECT document FROM compositions WHERE status = 'running' ORDER BY seq")) {
                return compositionList(p);
            }
        });
    }

    private static List<Composition> compositionList(PreparedStatement p) throws SQLException {
        List<Composition> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(CompositionDocument.read(rs.getString(1)));
            }
        }
        return out;
    }
}
