package dev.cordon.store.memory;

import dev.cordon.api.model.Composition;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobClaim;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.Jobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@link JobStore} in memory: jobs last as long as the object, for tests and for an embedding application that
 * wants no durable queue. One lock guards everything, so every method is atomic.
 */
public final class InMemoryJobStore implements JobStore {

    private static final Comparator<Row> RUN_ORDER =
            Comparator.comparingInt((Row r) -> -r.job.priority()).thenComparingLong(r -> r.seq);
    private static final Comparator<Row> HISTORY_ORDER = Comparator.comparing(
                    (Row r) -> r.job.completedAt().orElse(r.job.submittedAt()))
            .thenComparingLong(r -> r.seq)
            .reversed();

    private final Map<String, Row> rows = new HashMap<>();
    /** Compositions in the order first stored. */
    private final Map<String, Composition> compositions = new LinkedHashMap<>();

    private long nextSeq;

    /** One stored job with its claim state. */
    private static final class Row {
        final long seq;
        Job job;
        String owner;
        Instant leaseUntil;
        long version;

        Row(long seq, Job job) {
            this.seq = seq;
            this.job = job;
        }

        JobClaim claim() {
            return new JobClaim(job.id(), owner, version, leaseUntil);
        }
    }

    @Override
    public synchronized void insert(Job job) {
        Jobs.requireStatus(job, JobStatus.PENDING, "insert");
        if (rows.containsKey(job.id())) {
            throw new StoreException(
                    null, "A job with id " + job.id() + " is already stored; submit it under a new id.");
        }
        rows.put(job.id(), new Row(nextSeq++, job));
    }

    @Override
    public synchronized Optional<Job> find(String jobId) {
        return Optional.ofNullable(rows.get(jobId)).map(r -> r.job);
    }

    @Override
    public synchronized boolean updatePending(Job job) {
        Row row = rows.get(job.id());
        if (row == null || row.job.status() != JobStatus.PENDING) {
            return false;
        }
        row.job = job;
        return true;
    }

    @Override
    public synchronized Optional<JobClaim> claim(Job running, String owner, Instant now, Duration lease) {
        Row row = rows.get(running.id());
        if (row == null || row.job.status() != JobStatus.PENDING) {
            return Optional.empty();
        }
        return Optional.of(take(row, running, owner, now.plus(lease)));
    }

    /** The insert, the look and the claim under the store's lock, so at once for every other caller. */
    @Override
    public synchronized Optional<JobClaim> insertAndClaim(
            Job pending, Job running, String owner, Instant now, Duration lease) {
        return JobStore.super.insertAndClaim(pending, running, owner, now, lease);
    }

    /** The end and the claim under the store's lock, so at once for every other caller. */
    @Override
    public synchronized Handover finishAndClaim(
            JobClaim claim, Job done, Job next, String owner, Instant now, Duration lease) {
        return JobStore.super.finishAndClaim(claim, done, next, owner, now, lease);
    }

    @Override
    public synchronized Optional<ClaimedJob> claimNext(
            String owner, Set<String> instances, Instant now, Duration lease) {
        return rows.values().stream()
                .filter(r -> r.job.status() == JobStatus.PENDING)
                .filter(r -> instances.isEmpty() || instances.contains(r.job.pluginInstanceId()))
                .min(RUN_ORDER)
                .map(r -> {
                    Job running = Jobs.started(r.job, now);
                    return new ClaimedJob(running, take(r, running, owner, now.plus(lease)));
                });
    }

    @Override
    public synchronized boolean renew(JobClaim claim, Instant until) {
        Row row = current(claim);
        if (row == null) {
            return false;
        }
        row.leaseUntil = until;
        return true;
    }

    @Override
    public synchronized boolean update(JobClaim claim, Job job) {
        Row row = current(claim);
        if (row == null) {
            return false;
        }
        row.job = job;
        return true;
    }

    @Override
    public synchronized boolean finish(JobClaim claim, Job job) {
        if (!job.status().terminal()) {
            throw new IllegalArgumentException("finish needs a terminal job; " + job.id() + " is "
                    + job.status().wire());
        }
        return release(claim, job);
    }

    @Override
    public synchronized boolean requeue(JobClaim claim, Job pending) {
        Jobs.requireStatus(pending, JobStatus.PENDING, "requeue");
        return release(claim, pending);
    }

    @Override
    public synchronized List<ClaimedJob> takeOverExpired(String newOwner, Instant now, Duration lease) {
        return takeOver(r -> r.leaseUntil.isBefore(now), newOwner, now, lease);
    }

    @Override
    public synchronized List<ClaimedJob> takeOverFrom(
            String previousOwner, String newOwner, Instant now, Duration lease) {
        return takeOver(r -> previousOwner.equals(r.owner), newOwner, now, lease);
    }

    @Override
    public synchronized Optional<JobClaim> currentClaim(String jobId) {
        Row row = rows.get(jobId);
        return row == null || row.owner == null ? Optional.empty() : Optional.of(row.claim());
    }

    @Override
    public synchronized List<Job> withStatus(JobStatus status, int offset, int limit) {
        Stream<Row> matching = rows.values().stream().filter(r -> r.job.status() == status);
        Comparator<Row> order = status == JobStatus.PENDING ? RUN_ORDER : Comparator.comparingLong(r -> r.seq);
        return page(matching.sorted(order), offset, limit);
    }

    @Override
    public synchronized List<Job> history(int offset, int limit) {
        return page(
                rows.values().stream().filter(r -> r.job.status().terminal()).sorted(HISTORY_ORDER), offset, limit);
    }

    @Override
    public synchronized Map<JobStatus, Long> counts() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        rows.values().forEach(r -> counts.merge(r.job.status(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized int pruneHistory(int keep) {
        List<Row> terminal = rows.values().stream()
                .filter(r -> r.job.status().terminal())
                .sorted(HISTORY_ORDER)
                .toList();
        List<Row> doomed = terminal.subList(Math.min(Math.max(keep, 0), terminal.size()), terminal.size());
        doomed.forEach(r -> rows.remove(r.job.id()));
        return doomed.size();
    }

    private JobClaim take(Row row, Job job, String owner, Instant leaseUntil) {
        row.job = job;
        row.owner = Objects.requireNonNull(owner, "owner");
        row.leaseUntil = leaseUntil;
        row.version++;
        return row.claim();
    }

    private List<ClaimedJob> takeOver(Predicate<Row> which, String newOwner, Instant now, Duration lease) {
        List<ClaimedJob> taken = new ArrayList<>();
        rows.values().stream()
                .filter(r -> r.owner != null && r.job.status() == JobStatus.RUNNING)
                .filter(which)
                .sorted(Comparator.comparingLong(r -> r.seq))
                .forEach(r -> taken.add(new ClaimedJob(r.job, take(r, r.job, newOwner, now.plus(lease)))));
        return taken;
    }

    private boolean release(JobClaim claim, Job job) {
        Row row = current(claim);
        if (row == null) {
            return false;
        }
        row.job = job;
        row.owner = null;
        row.leaseUntil = null;
        return true;
    }

    private Row current(JobClaim claim) {
        Row row = rows.get(claim.jobId());
        return row != null && row.owner != null && row.version == claim.version() && row.owner.equals(claim.owner())
                ? row
                : null;
    }

    private static List<Job> page(Stream<Row> ordered, int offset, int limit) {
        return ordered.skip(Math.max(offset, 0))
                .limit(Math.max(limit, 0))
                .map(r -> r.job)
                .toList();
    }

    @Override
    public synchronized void saveComposition(Composition composition) {
        compositions.put(composition.id(), composition);
    }

    @Override
    public synchronized Optional<Composition> findComposition(String compositionId) {
        return Optional.ofNullable(compositions.get(compositionId));
    }

    @Override
    public synchronized List<Composition> compositions(int offset, int limit) {
        List<Composition> newestFirst = new ArrayList<>(compositions.values());
        java.util.Collections.reverse(newestFirst);
        newestFirst.sort(Comparator.comparing(Composition::submittedAt).reversed());
        return newestFirst.stream().skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized List<Composition> unfinishedCompositions() {
        return compositions.values().stream()
                .filter(c -> !c.status().terminal())
                .toList();
    }
}
