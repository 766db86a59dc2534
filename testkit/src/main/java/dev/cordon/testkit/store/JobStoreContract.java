package dev.cordon.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.spi.JobClaim;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.spi.JobStore.ClaimedJob;
import dev.cordon.api.store.StoreException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do, compositions and claims ({@link JobClaimContract}) included: a job's fields,
 * run order, reordering, history. Each implementation runs it through a subclass.
 */
public abstract class JobStoreContract extends JobClaimContract {

    @Test
    void everyFieldOfAJobSurvivesTheStore() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("text", "héllo 😀");
        kwargs.put("n", 3L);
        kwargs.put("big", new BigInteger("123456789012345678901234567890"));
        kwargs.put("x", 0.5);
        kwargs.put("flag", true);
        kwargs.put("none", null);
        kwargs.put("nested", Map.of("list", List.of(1L, "two", List.of())));
        JobError error = new JobError(
                ErrorCategory.RESOURCE,
                "out of memory",
                true,
                "MemoryError()",
                "trace",
                2.5,
                List.of("kwargs.n"),
                new ResourceShortfall("system_ram_mb", 900.0, 100.0),
                "echo",
                "echo-1",
                T0.plusMillis(1234));
        Job job = new Job(
                "j1",
                "echo-1",
                List.of("a", 2L, 1.5),
                kwargs,
                JobStatus.PENDING,
                7,
                T0,
                Optional.empty(),
                Optional.empty(),
                0.25,
                "queued",
                Optional.empty(),
                Optional.of(error),
                Optional.of("seq-1"),
                OptionalInt.of(3),
                Optional.of(T0.plusSeconds(1)),
                Optional.of(CancelPhase.FORCE),
                Optional.of("waiting for 900 MB"),
                2,
                Optional.of(Map.of("rss_mb", 12.5)),
                "gpu",
                Optional.of("run-7"),
                Optional.of("alice"));

        store().insert(job);

        assertThat(store().find("j1")).contains(job);
        assertThat(store().find("nosuch")).isEmpty();
    }

    @Test
    void aResultOfAnyJsonShapeSurvivesTheStore() {
        Job job = pending("j1", "echo", 0, 0);
        store().insert(job);
        JobClaim claim = store().claim(running(job, T0), "host-a", T0, LEASE).orElseThrow();
        Job done = terminal(
                running(job, T0), JobStatus.COMPLETED, T0.plusSeconds(1), List.of(Map.of("a", 1L), "b", 2.0), null);

        assertThat(store().finish(claim, done)).isTrue();

        assertThat(store().find("j1")).contains(done);
    }

    @Test
    void aSecondJobWithTheSameIdIsRefused() {
        store().insert(pending("j1", "echo", 0, 0));

        assertThatThrownBy(() -> store().insert(pending("j1", "echo", 5, 1)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("j1");
        assertThat(store().find("j1").orElseThrow().priority()).isZero();
    }

    @Test
    void onlyPendingJobsAreInserted() {
        Job job = running(pending("j1", "echo", 0, 0), T0);

        assertThatThrownBy(() -> store().insert(job)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pendingJobsAreListedInRunOrderHigherPriorityFirstThenSubmissionOrder() {
        store().insert(pending("low", "echo", 0, 0));
        store().insert(pending("high-1", "echo", 5, 1));
        store().insert(pending("mid", "echo", 3, 2));
        store().insert(pending("high-2", "echo", 5, 3));

        assertThat(store().withStatus(JobStatus.PENDING, 0, 10))
                .extracting(Job::id)
                .containsExactly("high-1", "high-2", "mid", "low");
        assertThat(store().withStatus(JobStatus.PENDING, 1, 2))
                .extracting(Job::id)
                .containsExactly("high-2", "mid");
    }

    @Test
    void equalPrioritiesRunInInsertionOrderEvenWithEqualSubmissionTimes() {
        for (int i = 0; i < 20; i++) {
            store().insert(pending("j" + i, "echo", 1, 0));
        }

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            order.add(store().claimNext("host", Set.of(), T0, LEASE)
                    .orElseThrow()
                    .job()
                    .id());
        }

        assertThat(order)
                .containsExactly(
                        "j0", "j1", "j2", "j3", "j4", "j5", "j6", "j7", "j8", "j9", "j10", "j11", "j12", "j13", "j14",
                        "j15", "j16", "j17", "j18", "j19");
    }

    @Test
    void aPendingJobCanBeReorderedAndItsNewPriorityDecidesItsTurn() {
        store().insert(pending("a", "echo", 0, 0));
        store().insert(pending("b", "echo", 0, 1));
        Job b = store().find("b").orElseThrow();

        assertThat(store().updatePending(new Job(
                        b.id(),
                        b.pluginInstanceId(),
                        b.args(),
                        b.kwargs(),
                        b.status(),
                        9,
                        b.submittedAt(),
                        null,
                        null,
                        0,
                        "",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        null)))
                .isTrue();

        assertThat(store().claimNext("host", Set.of(), T0, LEASE)
                        .orElseThrow()
                        .job()
                        .id())
                .isEqualTo("b");
    }

    @Test
    void historyIsMostRecentlyCompletedFirstPagedCountedAndPruned() {
        for (int i = 0; i < 5; i++) {
            Job job = pending("j" + i, "echo", 0, i);
            store().insert(job);
            ClaimedJob c = store().claimNext("host", Set.of(), T0, LEASE).orElseThrow();
            store().finish(
                            c.claim(),
                            terminal(
                                    c.job(),
                                    i % 2 == 0 ? JobStatus.COMPLETED : JobStatus.FAILED,
                                    T0.plusSeconds(100 - i * 10),
                                    i,
                                    null));
        }
        store().insert(pending("waiting", "echo", 0, 9));

        assertThat(store().history(0, 10)).extracting(Job::id).containsExactly("j0", "j1", "j2", "j3", "j4");
        assertThat(store().history(1, 2)).extracting(Job::id).containsExactly("j1", "j2");
        assertThat(store().counts())
                .containsEntry(JobStatus.COMPLETED, 3L)
                .containsEntry(JobStatus.FAILED, 2L)
                .containsEntry(JobStatus.PENDING, 1L)
                .doesNotContainKey(JobStatus.RUNNING);

        assertThat(store().pruneHistory(2)).isEqualTo(3);

        assertThat(store().history(0, 10)).extracting(Job::id).containsExactly("j0", "j1");
        assertThat(store().find("waiting")).isPresent();
        assertThat(store().pruneHistory(5)).isZero();
    }
}
