package dev.cordon.api.spi;

import dev.cordon.api.model.Composition;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Durable storage of jobs, shared by one host or by several. Implementations are thread-safe and every write is
 * durable when the method returns.
 *
 * <p>A host runs a job only under a {@link JobClaim}: a lease held by an owner (a host id) until an expiry, with a
 * version that grows with every claim of that job. The owner renews the lease while the job runs. Every write to a
 * claimed job names the claim and takes effect only while that claim is still the job's current one (same version):
 * a host that was paused past its lease, and whose job another host took over, can never overwrite the new owner's
 * progress or result. A single host uses the same calls with one owner.
 *
 * <p>Run order: higher {@link Job#priority()} first, then submission order (insertion order among equal
 * priorities).
 */
public interface JobStore {

    /**
     * Stores a new job, which must be {@link JobStatus#PENDING}.
     *
     * @throws IllegalArgumentException if the job is not pending
     * @throws dev.cordon.api.store.StoreException if a job with its id exists or the store fails
     */
    void insert(Job job);

    /** The stored job with this id. */
    Optional<Job> find(String jobId);

    /**
     * Replaces a pending, unclaimed job (a new priority or block reason, or its cancellation — then {@code job} is
     * terminal). Returns {@code false}, writing nothing, if the stored job is no longer pending.
     */
    boolean updatePending(Job job);

    /**
     * Claims this pending job for {@code owner} until {@code now + lease}, moving it to the state of {@code running}
     * (normally {@link JobStatus#RUNNING} with its start time). Empty, writing nothing, if the job is not pending.
     */
    Optional<JobClaim> claim(Job running, String owner, Instant now, Duration lease);

    /**
     * Stores a new job and, when no other job is pending, claims it at once for {@code owner} until
     * {@code now + lease}, stored in the state of {@code running} (normally {@link JobStatus#RUNNING} with its start
     * time): a job submitted to an idle queue starts without a second write. When another job is pending the new
     * one is stored as {@code pending}, to wait its turn, and the result is empty.
     *
     * <p>The default inserts, looks and claims in three steps; a store that can do it in one transaction does.
     *
     * @throws IllegalArgumentException if {@code pending} is not pending or the two are not the same job
     * @throws dev.cordon.api.store.StoreException as {@link #insert}
     */
    default Optional<JobClaim> insertAndClaim(Job pending, Job running, String owner, Instant now, Duration lease) {
        requireSameJob(pending, running);
        insert(pending);
        boolean alone = withStatus(JobStatus.PENDING, 0, 2).stream().allMatch(j -> j.id().equals(pending.id()));
        return alone ? claim(running, owner, now, lease) : Optional.empty();
    }

    /**
     * Writes the terminal state of a claimed job and releases its claim, as {@link #finish}, and claims the pending
     * job {@code next} for {@code owner}, as {@link #claim}: the slot the first job frees passes to the next in one
     * write. The end is written even when the claim is refused (the next job is no longer pending), and the claim is
     * made even when the end is refused (the finishing job's claim is no longer current).
     *
     * <p>The default finishes and claims in two steps; a store that can do it in one transaction does.
     *
     * @throws IllegalArgumentException if {@code done} is not terminal
     */
    default Handover finishAndClaim(JobClaim claim, Job done, Job next, String owner, Instant now, Duration lease) {
        boolean finished = finish(claim, done);
        return new Handover(finished, claim(next, owner, now, lease));
    }

    /**
     * Claims the first pending job in run order whose instance is in {@code instances} (any instance when empty),
     * for {@code owner} until {@code now + lease}, marking it running since {@code now}. Several owners calling at
     * once never claim the same job. Empty when no such job is pending.
     */
    Optional<ClaimedJob> claimNext(String owner, Set<String> instances, Instant now, Duration lease);

    /** Extends the lease to {@code until}; {@code false} if {@code claim} is no longer the job's current claim. */
    boolean renew(JobClaim claim, Instant until);

    /**
     * Writes a running job's new state (progress, status message, cancel phase, resource snapshot) under its claim;
     * {@code false}, writing nothing, if the claim is no longer current.
     */
    boolean update(JobClaim claim, Job job);

    /**
     * Writes the terminal state of a claimed job and releases the claim; {@code false}, writing nothing, if the
     * claim is no longer current.
     *
     * @throws IllegalArgumentException if {@code job} is not terminal
     */
    boolean finish(JobClaim claim, Job job);

    /**
     * Puts a claimed job back in the queue as {@code pending} (which must be pending), releasing the claim;
     * {@code false}, writing nothing, if the claim is no longer current.
     */
    boolean requeue(JobClaim claim, Job pending);

    /**
     * Takes over every running job whose lease expired before {@code now}: each gets a new claim for
     * {@code newOwner} (a new version, so the old owner's writes are refused from now on) and is returned with the
     * job as stored, for the caller to finish or requeue. Two owners calling at once never take the same job.
     */
    List<ClaimedJob> takeOverExpired(String newOwner, Instant now, Duration lease);

    /**
     * Takes over every running job claimed by {@code previousOwner}, expired or not: a host restarting under its old
     * id recovers the jobs it was running when it died. Returned as {@link #takeOverExpired}.
     */
    List<ClaimedJob> takeOverFrom(String previousOwner, String newOwner, Instant now, Duration lease);

    /** The current claim of a running job, if it has one. */
    Optional<JobClaim> currentClaim(String jobId);

    /** Jobs in this state, in run order for pending jobs, else in submission order; {@code offset} then at most {@code limit}. */
    List<Job> withStatus(JobStatus status, int offset, int limit);

    /** Terminal jobs, most recently completed first; {@code offset} then at most {@code limit}. */
    List<Job> history(int offset, int limit);

    /** How many jobs are stored in each state; states without jobs are absent. */
    Map<JobStatus, Long> counts();

    /** Deletes all but the {@code keep} most recently completed terminal jobs; returns how many were deleted. */
    int pruneHistory(int keep);

    /**
     * Stores a composition, replacing the stored one with its id: its nodes and every node's state. Stores that
     * predate compositions refuse; the runtime's stores all keep them.
     *
     * @throws dev.cordon.api.store.StoreException if the store fails or keeps no compositions
     */
    default void saveComposition(Composition composition) {
        throw noCompositions();
    }

    /** The stored composition with this id. */
    default Optional<Composition> findComposition(String compositionId) {
        throw noCompositions();
    }

    /** Compositions, most recently submitted first (for equal times, the later stored first); {@code offset} then at most {@code limit}. */
    default List<Composition> compositions(int offset, int limit) {
        throw noCompositions();
    }

    /** Every composition that is still running, in submission order. */
    default List<Composition> unfinishedCompositions() {
        throw noCompositions();
    }

    private dev.cordon.api.store.StoreException noCompositions() {
        return new dev.cordon.api.store.StoreException(
                null,
                getClass().getName() + " keeps no compositions; use a job store that does (the sqlite, memory and"
                        + " postgres backends do)");
    }

    /**
     * The registry through which hosts sharing this store see each other; empty for a store only one host can use,
     * which is the default.
     */
    default Optional<ClusterRegistry> cluster() {
        return Optional.empty();
    }

    /** A claimed job with its claim. */
    record ClaimedJob(Job job, JobClaim claim) {}

    /**
     * What {@link #finishAndClaim} wrote: whether the end of the finishing job was written, and the claim of the next
     * job, empty when it was no longer pending.
     */
    record Handover(boolean finished, Optional<JobClaim> next) {}

    /** Refuses a {@link #insertAndClaim} whose two states are not of one pending job. */
    private static void requireSameJob(Job pending, Job running) {
        if (pending.status() != JobStatus.PENDING || !pending.id().equals(running.id())) {
            throw new IllegalArgumentException("insertAndClaim needs a pending job and its running state; got "
                    + pending.id() + " (" + pending.status().wire() + ") and " + running.id());
        }
    }
}
