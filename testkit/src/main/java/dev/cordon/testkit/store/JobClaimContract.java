package dev.cordon.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobClaim;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.spi.JobStore.ClaimedJob;
import dev.cordon.api.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do with claims and leases: claiming, handing a slot over, writing under a claim,
 * taking over expired or restarted owners' jobs. {@link JobStoreContract} runs it, with the rest, for each store.
 */
public abstract class JobClaimContract extends CompositionStoreContract {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(10);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private JobStore store;

    /** A new, empty store. */
    protected abstract JobStore newStore();

    /** The store of this test, opened once and closed after it. */
    JobStore store() {
        if (store == null) {
            store = newStore();
            if (store instanceof AutoCloseable c) {
                opened.add(c);
            }
        }
        return store;
    }

    @AfterEach
    void closeStores() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    static Job pending(String id, String instance, int priority, int second) {
        return Job.pending(id, instance, List.of("a", 1L), Map.of("k", "v"), priority, T0.plusSeconds(second));
    }

    static Job running(Job job, Instant at) {
        return new Job(
                job.id(),
                job.pluginInstanceId(),
                job.args(),
                job.kwargs(),
                JobStatus.RUNNING,
                job.priority(),
                job.submittedAt(),
                Optional.of(at),
                null,
                0.0,
                "",
                null,
                null,
                job.sequenceId(),
                job.sequenceIndex(),
                null,
                null,
                null,
                job.retryCount(),
                null);
    }

    static Job terminal(Job job, JobStatus status, Instant at, Object result, JobError error) {
        return new Job(
                job.id(),
                job.pluginInstanceId(),
                job.args(),
                job.kwargs(),
                status,
                job.priority(),
                job.submittedAt(),
                job.startedAt(),
                Optional.of(at),
                1.0,
                "done",
                Optional.ofNullable(result),
                Optional.ofNullable(error),
                job.sequenceId(),
                job.sequenceIndex(),
                job.cancelRequestedAt(),
                job.cancelPhase(),
                null,
                job.retryCount(),
                job.lastResourceSnapshot());
    }

    static Job progressed(Job job, double progress, String message) {
        return new Job(
                job.id(),
                job.pluginInstanceId(),
                job.args(),
                job.kwargs(),
                job.status(),
                job.priority(),
                job.submittedAt(),
                job.startedAt(),
                job.completedAt(),
                progress,
                message,
                job.result(),
                job.error(),
                job.sequenceId(),
                job.sequenceIndex(),
                job.cancelRequestedAt(),
                job.cancelPhase(),
                job.blockReason(),
                job.retryCount(),
                job.lastResourceSnapshot());
    }

    @Test
    void aClaimedJobIsNoLongerPendingAndCannotBeUpdatedAsPending() {
        Job job = pending("j1", "echo", 0, 0);
        store().insert(job);
        store().claim(running(job, T0), "host", T0, LEASE).orElseThrow();

        assertThat(store().updatePending(job)).isFalse();
        assertThat(store().claim(running(job, T0), "other", T0, LEASE)).isEmpty();
        assertThat(store().find("j1").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(store().withStatus(JobStatus.RUNNING, 0, 10))
                .extracting(Job::id)
                .containsExactly("j1");
    }

    @Test
    void aPendingJobCancelledBeforeItRanEndsInHistory() {
        Job job = pending("j1", "echo", 0, 0);
        store().insert(job);

        assertThat(store().updatePending(terminal(
                        job,
                        JobStatus.CANCELLED,
                        T0.plusSeconds(1),
                        null,
                        JobError.of(ErrorCategory.TRANSIENT, "cancelled"))))
                .isTrue();

        assertThat(store().history(0, 10)).extracting(Job::id).containsExactly("j1");
        assertThat(store().withStatus(JobStatus.PENDING, 0, 10)).isEmpty();
    }

    @Test
    void claimNextTakesOnlyJobsOfTheGivenInstances() {
        store().insert(pending("e", "echo", 9, 0));
        store().insert(pending("s", "slow", 0, 1));

        ClaimedJob claimed =
                store().claimNext("host", Set.of("slow", "streamer"), T0, LEASE).orElseThrow();

        assertThat(claimed.job().id()).isEqualTo("s");
        assertThat(claimed.job().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.job().startedAt()).contains(T0);
        assertThat(claimed.claim()).isEqualTo(new JobClaim("s", "host", 1, T0.plus(LEASE)));
        assertThat(store().claimNext("host", Set.of("slow"), T0, LEASE)).isEmpty();
        assertThat(store().currentClaim("s")).contains(claimed.claim());
        assertThat(store().currentClaim("e")).isEmpty();
    }

    @Test
    void theOwnerWritesProgressAndTheResultUnderItsClaim() {
        store().insert(pending("j1", "echo", 0, 0));
        ClaimedJob c = store().claimNext("host", Set.of(), T0, LEASE).orElseThrow();

        assertThat(store().update(c.claim(), progressed(c.job(), 0.5, "half"))).isTrue();
        assertThat(store().renew(c.claim(), T0.plusSeconds(60))).isTrue();
        assertThat(store().find("j1").orElseThrow().progress()).isEqualTo(0.5);
        assertThat(store().currentClaim("j1").orElseThrow().leaseUntil()).isEqualTo(T0.plusSeconds(60));

        Job done = terminal(c.job(), JobStatus.COMPLETED, T0.plusSeconds(2), Map.of("ok", true), null);
        assertThat(store().finish(c.claim(), done)).isTrue();
        assertThat(store().find("j1")).contains(done);
        assertThat(store().currentClaim("j1")).isEmpty();
        assertThat(store().finish(c.claim(), done)).isFalse();
    }

    @Test
    void aJobInsertedIntoAnIdleQueueIsClaimedInTheSameCallAndWaitsItsTurnOtherwise() {
        Job first = pending("j1", "echo", 0, 0);
        JobClaim claim = store().insertAndClaim(first, running(first, T0), "host", T0, LEASE)
                .orElseThrow();

        assertThat(claim).isEqualTo(new JobClaim("j1", "host", claim.version(), T0.plus(LEASE)));
        assertThat(store().currentClaim("j1")).contains(claim);
        assertThat(store().find("j1")).contains(running(first, T0));
        Job done = terminal(running(first, T0), JobStatus.COMPLETED, T0.plusSeconds(1), "ok", null);
        assertThat(store().finish(claim, done)).isTrue();

        store().insert(pending("waiting", "echo", 0, 1));
        Job second = pending("j2", "echo", 9, 2);
        assertThat(store().insertAndClaim(second, running(second, T0), "host", T0, LEASE))
                .isEmpty();
        assertThat(store().find("j2")).contains(second);
        assertThat(store().withStatus(JobStatus.PENDING, 0, 10))
                .extracting(Job::id)
                .containsExactly("j2", "waiting");
        assertThatThrownBy(() -> store().insertAndClaim(second, running(second, T0), "host", T0, LEASE))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("j2");
    }

    @Test
    void aFinishingJobHandsItsSlotToTheNextInOneCallAndEachHalfStandsAlone() {
        store().insert(pending("j1", "echo", 0, 0));
        store().insert(pending("j2", "echo", 0, 1));
        store().insert(pending("j3", "echo", 0, 2));
        ClaimedJob c = store().claimNext("host", Set.of(), T0, LEASE).orElseThrow();
        Job next = running(store().find("j2").orElseThrow(), T0.plusSeconds(1));
        Job done = terminal(c.job(), JobStatus.COMPLETED, T0.plusSeconds(1), "ok", null);

        JobStore.Handover h = store().finishAndClaim(c.claim(), done, next, "host", T0.plusSeconds(1), LEASE);

        assertThat(h.finished()).isTrue();
        assertThat(store().find("j1")).contains(done);
        assertThat(store().currentClaim("j1")).isEmpty();
        assertThat(h.next()).isPresent();
        assertThat(store().currentClaim("j2")).isEqualTo(h.next());
        assertThat(store().find("j2")).contains(next);

        // The next job is no longer pending: the end is still written.
        Job doneToo =
                terminal(next, JobStatus.FAILED, T0.plusSeconds(2), null, JobError.of(ErrorCategory.TRANSIENT, "x"));
        JobStore.Handover refusedClaim =
                store().finishAndClaim(h.next().get(), doneToo, next, "host", T0.plusSeconds(2), LEASE);
        assertThat(refusedClaim).isEqualTo(new JobStore.Handover(true, Optional.empty()));
        assertThat(store().find("j2")).contains(doneToo);

        // The finishing claim is stale: the next job is still claimed.
        Job third = running(store().find("j3").orElseThrow(), T0.plusSeconds(3));
        JobStore.Handover staleEnd = store().finishAndClaim(c.claim(), done, third, "host", T0.plusSeconds(3), LEASE);
        assertThat(staleEnd.finished()).isFalse();
        assertThat(staleEnd.next()).isPresent();
        assertThat(store().find("j3")).contains(third);
        assertThatThrownBy(() -> store().finishAndClaim(staleEnd.next().get(), third, third, "host", T0, LEASE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void finishNeedsATerminalJobAndRequeueAPendingOne() {
        store().insert(pending("j1", "echo", 0, 0));
        ClaimedJob c = store().claimNext("host", Set.of(), T0, LEASE).orElseThrow();

        assertThatThrownBy(() -> store().finish(c.claim(), c.job())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().requeue(c.claim(), c.job())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldOwnerCanNoLongerWrite() {
        store().insert(pending("j1", "echo", 0, 0));
        store().insert(pending("j2", "echo", 0, 1));
        ClaimedJob old = store().claimNext("host-a", Set.of(), T0, LEASE).orElseThrow();
        ClaimedJob fresh =
                store().claimNext("host-a", Set.of(), T0.plusSeconds(8), LEASE).orElseThrow();

        List<ClaimedJob> taken = store().takeOverExpired("host-b", T0.plusSeconds(11), LEASE);

        assertThat(taken).extracting(t -> t.job().id()).containsExactly("j1");
        JobClaim newClaim = taken.get(0).claim();
        assertThat(newClaim.owner()).isEqualTo("host-b");
        assertThat(newClaim.version()).isEqualTo(old.claim().version() + 1);
        Job lateResult = terminal(old.job(), JobStatus.COMPLETED, T0.plusSeconds(12), "late", null);
        assertThat(store().finish(old.claim(), lateResult)).isFalse();
        assertThat(store().update(old.claim(), progressed(old.job(), 0.9, "late")))
                .isFalse();
        assertThat(store().renew(old.claim(), T0.plusSeconds(100))).isFalse();
        Job newResult = terminal(
                old.job(),
                JobStatus.FAILED,
                T0.plusSeconds(12),
                null,
                JobError.of(ErrorCategory.TRANSIENT, "host restarted"));
        assertThat(store().finish(newClaim, newResult)).isTrue();
        assertThat(store().find("j1")).contains(newResult);
        assertThat(store().currentClaim("j2")).contains(fresh.claim());
    }

    @Test
    void aRestartingHostTakesOverItsOwnJobsWhetherOrNotTheirLeasesExpired() {
        store().insert(pending("mine", "echo", 0, 0));
        store().insert(pending("theirs", "echo", 0, 1));
        ClaimedJob mine = store().claimNext("host-a", Set.of(), T0, LEASE).orElseThrow();
        store().claimNext("host-b", Set.of(), T0, LEASE).orElseThrow();

        List<ClaimedJob> taken = store().takeOverFrom("host-a", "host-a", T0.plusSeconds(1), LEASE);

        assertThat(taken).extracting(t -> t.job().id()).containsExactly("mine");
        assertThat(taken.get(0).claim().version()).isEqualTo(mine.claim().version() + 1);
        assertThat(store().update(mine.claim(), progressed(mine.job(), 0.1, "stale")))
                .isFalse();
        Job again = Job.pending(
                "mine",
                "echo",
                mine.job().args(),
                mine.job().kwargs(),
                0,
                mine.job().submittedAt());
        assertThat(store().requeue(taken.get(0).claim(), again)).isTrue();
        assertThat(store().withStatus(JobStatus.PENDING, 0, 10))
                .extracting(Job::id)
                .containsExactly("mine");
        ClaimedJob second =
                store().claimNext("host-a", Set.of(), T0.plusSeconds(2), LEASE).orElseThrow();
        assertThat(second.claim().version()).isEqualTo(taken.get(0).claim().version() + 1);
    }

    @Test
    void ownersClaimingAtOnceNeverGetTheSameJob() throws Exception {
        int jobs = 200;
        for (int i = 0; i < jobs; i++) {
            store().insert(pending("j" + i, "echo", i % 3, i));
        }
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> owners = new ArrayList<>();
            for (int o = 0; o < 4; o++) {
                String owner = "host-" + o;
                owners.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    Optional<ClaimedJob> next;
                    while ((next = store().claimNext(owner, Set.of(), T0, LEASE)).isPresent()) {
                        if (claimedBy.putIfAbsent(next.get().job().id(), owner) != null) {
                            duplicates.add(next.get().job().id());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : owners) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(duplicates).isEmpty();
        assertThat(claimedBy).hasSize(jobs);
    }
}
