package dev.cordon.store.sqlite;

import dev.cordon.api.model.Composition;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobClaim;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.CompositionDocument;
import dev.cordon.store.internal.DataFolder;
import dev.cordon.store.internal.JobDocument;
import dev.cordon.store.internal.Jobs;
import dev.cordon.store.sqlite.internal.SqliteDatabase;
import dev.cordon.store.sqlite.internal.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * {@link JobStore} on SQLite, table {@code jobs}: the job as one JSON document beside the columns the queue orders
 * and fences by (status, priority, insertion order, completion time, lease owner/expiry/version). Every write is one
 * transaction: a single statement (a claim is one {@code UPDATE ... RETURNING}), or several under a write lock taken
 * at {@code BEGIN}, so two owners claiming at once are serialised and never get the same job. Commits use {@code synchronous=NORMAL} in WAL mode: a job survives a kill of the process; an operating-system
 * crash may lose the last moments.
 */
@Component(
        service = JobStore.class,
        configurationPid = SqliteStoreConfiguration.PID,
        property = {"backend=sqlite", "service.ranking:Integer=10"})
public final class SqliteJobStore implements JobStore, AutoCloseable {

    private static final String TERMINAL = "('completed', 'failed', 'cancelled')";

    private final SqliteDatabase db;

    /** The DS constructor: the database named by {@code db.path}, or {@code <cordon.data>/cordon.db}. */
    @Activate
    public SqliteJobStore(BundleContext context, SqliteStoreConfiguration configuration) {
        this(DataFolder.resolve(context, configuration.db_path(), SqliteStoreConfiguration.DEFAULT_FILE_NAME));
    }

    /**
     * Opens (creating when absent) the database at {@code file}.
     *
     * @throws StoreException when the file cannot be opened, is corrupt or has a newer schema
     */
    public SqliteJobStore(Path file) {
        this.db = SqliteDatabase.open(file, Synchronous.NORMAL, "cordon-job-store");
    }

    @Override
    public void insert(Job job) {
        Jobs.requireStatus(job, JobStatus.PENDING, "insert");
        db.writeOne("storing job " + job.id(), c -> {
            insert(c, job);
            return null;
        });
    }

    private void insert(Connection c, Job job) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO jobs (id, instance_id, status, priority, completed_us, document)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            bindInsert(p, job);
            p.executeUpdate();
        } catch (SQLiteException e) {
            refuseDuplicate(e, job);
            throw e;
        }
    }

    private static void bindInsert(PreparedStatement p, Job job) throws SQLException {
        p.setString(1, job.id());
        p.setString(2, job.pluginInstanceId());
        p.setString(3, job.status().wire());
        p.setInt(4, job.priority());
        setCompleted(p, 5, job);
        p.setString(6, JobDocument.write(job));
    }

    /** Throws a store error naming the job when an insert failed because its id is taken. */
    private void refuseDuplicate(SQLiteException e, Job job) {
        if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
            throw new StoreException(
                    db.file(),
                    "A job with id " + job.id() + " is already stored in " + db.file() + "; submit it under a new id.");
        }
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
        return db.writeOne("updating pending job " + job.id(), c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    UPDATE jobs SET status = ?, priority = ?, completed_us = ?, document = ?
                    WHERE id = ? AND status = 'pending' AND lease_owner IS NULL""")) {
                p.setString(1, job.status().wire());
                p.setInt(2, job.priority());
                setCompleted(p, 3, job);
                p.setString(4, JobDocument.write(job));
                p.setString(5, job.id());
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<JobClaim> claim(Job running, String owner, Instant now, Duration lease) {
        return db.writeOne("claiming job " + running.id(), c -> take(c, running, owner, now.plus(lease), "'pending'"));
    }

    /**
     * One statement inserts the job already claimed when no other job is pending; when one is, a second statement
     * inserts it pending. Each statement is its own transaction: the first one changes nothing when it does not claim.
     */
    @Override
    public Optional<JobClaim> insertAndClaim(Job pending, Job running, String owner, Instant now, Duration lease) {
        Jobs.requirePendingAndItsStart(pending, running);
        Instant until = now.plus(lease);
        return db.writeOne("storing and claiming job " + pending.id(), c -> {
            boolean claimed;
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO jobs (id, instance_id, status, priority, completed_us, document, lease_owner,
                        lease_until, lease_version)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, 1
                    WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE status = 'pending')""")) {
                bindInsert(p, running);
                p.setString(7, owner);
                p.setLong(8, until.toEpochMilli());
                claimed = p.executeUpdate() == 1;
            } catch (SQLiteException e) {
                refuseDuplicate(e, pending);
                throw e;
            }
            if (!claimed) {
                insert(c, pending);
                return Optional.<JobClaim>empty();
            }
            return Optional.of(new JobClaim(running.id(), owner, 1, until));
        });
    }

    /** One transaction: the end of the finishing job, then the claim of the next. */
    @Override
    public Handover finishAndClaim(JobClaim claim, Job done, Job next, String owner, Instant now, Duration lease) {
        requireTerminal(done);
        return db.write(
                "writing the end of job " + done.id() + " and claiming job " + next.id(),
                c -> new Handover(release(c, claim, done), take(c, next, owner, now.plus(lease), "'pending'")));
    }

    @Override
    public Optional<ClaimedJob> claimNext(String owner, Set<String> instances, Instant now, Duration lease) {
        return db.write("claiming the next job", c -> {
            String filter = instances.isEmpty()
                    ? ""
                    : " AND instance_id IN (" + String.join(", ", Collections.nCopies(instances.size(), "?")) + ")";
            Job next;
            try (PreparedStatement p = c.prepareStatement("SELECT document FROM jobs WHERE status = 'pending'" + filter
                    + " ORDER BY priority DESC, seq LIMIT 1")) {
                int i = 1;
                for (String instance : instances) {
                    p.setString(i++, instance);
                }
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<ClaimedJob>empty();
                    }
                    next = JobDocument.read(rs.getString(1));
                }
            }
            Job running = Jobs.started(next, now);
            return take(c, running, owner, now.plus(lease), "'pending'").map(claim -> new ClaimedJob(running, claim));
        });
    }

    @Override
    public boolean renew(JobClaim claim, Instant until) {
        return db.writeOne("renewing the lease of job " + claim.jobId(), c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND lease_version = ?")) {
                p.setLong(1, until.toEpochMilli());
                fence(p, 2, claim);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean update(JobClaim claim, Job job) {
        return db.writeOne("updating running job " + job.id(), c -> {
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
        return db.write(
                "taking over expired leases",
                c -> takeOver(c, "lease_until < ?", p -> p.setLong(1, now.toEpochMilli()), newOwner, now.plus(lease)));
    }

    @Override
    public List<ClaimedJob> takeOverFrom(String previousOwner, String newOwner, Instant now, Duration lease) {
        return db.write(
                "taking over the jobs of " + previousOwner,
                c -> takeOver(c, "lease_owner = ?", p -> p.setString(1, previousOwner), newOwner, now.plus(lease)));
    }

    @Override
    public Optional<JobClaim> currentClaim(String jobId) {
        return db.read("reading the claim of job " + jobId, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT lease_owner, lease_version, lease_until FROM jobs WHERE id = ? AND lease_owner IS NOT NULL")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new JobClaim(
                                    jobId, rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))))
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
                p -> p.setString(1, status.wire()),
                offset,
                limit);
    }

    @Override
    public List<Job> history(int offset, int limit) {
        return list(
                "listing the job history",
                "SELECT document FROM jobs WHERE status IN " + TERMINAL
                        + " ORDER BY completed_us DESC, seq DESC LIMIT ? OFFSET ?",
                p -> {},
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
                    + " AND seq NOT IN (SELECT seq FROM jobs WHERE status IN " + TERMINAL
                    + " ORDER BY completed_us DESC, seq DESC LIMIT ?)")) {
                p.setInt(1, Math.max(keep, 0));
                return p.executeUpdate();
            }
        });
    }

    /** Stops the store's connections. */
    @Deactivate
    @Override
    public void close() {
        db.close();
    }

    /** Claims the job if its status is in {@code fromStatuses}, bumping its lease version; one statement. */
    private Optional<JobClaim> take(Connection c, Job job, String owner, Instant until, String fromStatuses)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = ?, document = ?, lease_owner = ?,"
                + " lease_until = ?, lease_version = lease_version + 1 WHERE id = ? AND status IN (" + fromStatuses
                + ") RETURNING lease_version")) {
            p.setString(1, job.status().wire());
            p.setString(2, JobDocument.write(job));
            p.setString(3, owner);
            p.setLong(4, until.toEpochMilli());
            p.setString(5, job.id());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new JobClaim(job.id(), owner, rs.getLong(1), until)) : Optional.empty();
            }
        }
    }

    private List<ClaimedJob> takeOver(Connection c, String condition, Binder binder, String newOwner, Instant until)
            throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT document FROM jobs WHERE status = 'running'"
                + " AND lease_owner IS NOT NULL AND " + condition + " ORDER BY seq")) {
            binder.bind(p);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    jobs.add(JobDocument.read(rs.getString(1)));
                }
            }
        }
        List<ClaimedJob> taken = new ArrayList<>();
        for (Job job : jobs) {
            take(c, job, newOwner, until, "'running'").ifPresent(claim -> taken.add(new ClaimedJob(job, claim)));
        }
        return taken;
    }

    private boolean release(JobClaim claim, Job job) {
        return db.writeOne("writing the state of job " + job.id(), c -> release(c, claim, job));
    }

    private static boolean release(Connection c, JobClaim claim, Job job) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE jobs SET status = ?, priority = ?, completed_us = ?, document = ?,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND lease_owner = ? AND lease_version = ?""")) {
            p.setString(1, job.status().wire());
            p.setInt(2, job.priority());
            setCompleted(p, 3, job);
            p.setString(4, JobDocument.write(job));
            fence(p, 5, claim);
            return p.executeUpdate() == 1;
        }
    }

    private List<Job> list(String action, String sql, Binder binder, int offset, int limit) {
        return db.read(action, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                int n = p.getParameterMetaData().getParameterCount();
                p.setInt(n - 1, Math.max(limit, 0));
                p.setInt(n, Math.max(offset, 0));
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

    private static void setCompleted(PreparedStatement p, int index, Job job) throws SQLException {
        if (job.completedAt().isPresent()) {
            Instant at = job.completedAt().get();
            p.setLong(index, ChronoUnit.MICROS.between(Instant.EPOCH, at));
        } else {
            p.setNull(index, Types.INTEGER);
        }
    }

    /** Binds the leading parameters of a statement. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    @Override
    public void saveComposition(Composition composition) {
        db.write("storing composition " + composition.id(), c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO compositions (id, status, submitted_us, document) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, document = excluded.document""")) {
                p.setString(1, composition.id());
                p.setString(2, composition.status().wire());
                p.setLong(3, ChronoUnit.MICROS.between(Instant.EPOCH, composition.submittedAt()));
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
                    "SELECT document FROM compositions ORDER BY submitted_us DESC, seq DESC LIMIT ? OFFSET ?")) {
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
