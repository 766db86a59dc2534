package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.store.ResourceSample;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.scheduler.internal.policy.SafetyScheduler;
import dev.cordon.store.memory.InMemoryEmpiricalResourceStore;
import dev.cordon.store.memory.InMemoryJobStore;
import dev.cordon.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's state machine on a real SQLite store and the real event hub, with calls scripted by
 * {@link ScriptedTarget}: every state transition, both cancel paths, priorities, the restart rule.
 */
class JobQueueEngineIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ScriptedTarget target = new ScriptedTarget();
    private SqliteJobStore store;
    private JobQueueService queue;

    private JobQueueService start(QueueSettings settings) {
        if (store == null) {
            store = new SqliteJobStore(dir.resolve("jobs.db"));
        }
        queue = QueueHarness.start(store, target, settings);
        return queue;
    }

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static Call call(Map<String, Object> kwargs) {
        return Call.kwargs(kwargs);
    }

    private Job ended(Job job) throws Exception {
        return queue.completion(job.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aJobRunsPendingRunningCompletedWithItsResultItsIdOnTheCallAndEveryTransitionPublished() throws Exception {
        start(QueueHarness.settings(1));
        EventLog all = EventLog.of(queue.allEvents());
        Call call = call(Map.of("text", "q"))
                .withContext(new CallContext(Optional.empty(), Optional.of("run-1"), Optional.of("alice")));

        Job submitted = queue.submit("echo", call, 0);
        assertThat(submitted.status()).isEqualTo(JobStatus.PENDING);
        Job done = ended(submitted);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).contains(Map.of("text", "q"));
        assertThat(done.startedAt()).isPresent();
        assertThat(done.completedAt()).isPresent();
        assertThat(done.runId()).contains("run-1");
        assertThat(store.find(done.id())).contains(done);
        CallContext sent = target.started.get(0).call().context();
        assertThat(sent.jobId()).contains(done.id());
        assertThat(sent.runId()).contains("run-1");
        assertThat(sent.actor()).contains("alice");
        await().atMost(WAIT)
                .until(() -> all.to(done.id(), JobEventType.STATE_TRANSITION).size() == 2);
        assertThat(all.to(done.id(), JobEventType.STATE_TRANSITION)).containsExactly("running", "completed");
        assertThat(queue.history(10)).extracting(Job::id).containsExactly(done.id());
        assertThat(queue.stats().totalCompleted()).isEqualTo(1);
    }

    @Test
    void aFailingCallEndsFailedWithItsTypedError() throws Exception {
        start(QueueHarness.settings(1));

        Job done = ended(queue.submit("echo", call(Map.of("do", "fail")), 0));

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.error()).get().satisfies(e -> {
            assertThat(e.category()).isEqualTo(ErrorCategory.USER_INPUT);
            assertThat(e.message()).contains("bad input");
        });
        assertThat(queue.stats().totalFailed()).isEqualTo(1);
    }

    @Test
    void submittingToAnUnknownInstanceOrLaneFailsAtOnceWithATypedError() {
        start(QueueHarness.settings(1));

        assertThatThrownBy(() -> queue.submit("nosuch", call(Map.of()), 0)).isInstanceOf(PluginNotFoundError.class);
        assertThatThrownBy(() -> queue.submit("echo", call(Map.of()), 0, "gpu"))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("no lane 'gpu'");
        assertThat(queue.stats().totalPending()).isZero();
    }

    @Test
    void higherPriorityRunsFirstThenSubmissionOrderAndAReorderedJobTakesItsNewTurn() throws Exception {
        start(QueueHarness.settings(1));
        Job hold = queue.submit("hold", call(Map.of("do", "hold", "name", "hold")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);
        Job low = queue.submit("echo", call(Map.of("name", "low")), 1);
        Job first = queue.submit("echo", call(Map.of("name", "mid-1")), 5);
        Job second = queue.submit("echo", call(Map.of("name", "mid-2")), 5);
        Job late = queue.submit("echo", call(Map.of("name", "late")), 0);
        assertThat(queue.reorder(late.id(), 9)).isTrue();
        assertThat(queue.pending()).extracting(Job::id).containsExactly(late.id(), first.id(), second.id(), low.id());

        target.release("hold");
        ended(low);

        assertThat(target.startedNames()).containsExactly("hold", "late", "mid-1", "mid-2", "low");
        assertThat(queue.reorder(low.id(), 3)).as("not pending any more").isFalse();
        assertThat(ended(hold).result()).contains("released");
    }

    @Test
    void aPendingJobIsCancelledWithoutEverRunning() throws Exception {
        start(QueueHarness.settings(1));
        queue.submit("hold", call(Map.of("do", "hold")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);
        Job waiting = queue.submit("echo", call(Map.of("name", "never")), 0);

        assertThat(queue.cancel(waiting.id())).isTrue();
        Job done = ended(waiting);

        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.cancelPhase()).contains(CancelPhase.COMPLETED);
        assertThat(queue.cancel(waiting.id())).as("already terminal").isFalse();
        target.release("hold");
        await().atMost(WAIT).until(() -> queue.running().isEmpty());
        assertThat(target.startedNames()).doesNotContain("never");
    }

    @Test
    void aCooperativeCancelEndsCancelledNotFailedWithoutStoppingTheWorker() throws Exception {
        start(QueueHarness.settings(1));
        EventLog events = EventLog.of(queue.allEvents());
        Job job = queue.submit("slow", call(Map.of("do", "cooperative")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);

        assertThat(queue.cancel(job.id())).isTrue();
        Job done = ended(job);

        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.cancelPhase()).contains(CancelPhase.COMPLETED);
        assertThat(done.cancelRequestedAt()).isPresent();
        assertThat(target.forceStops).isEmpty();
        assertThat(target.reloads).isEmpty();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.to(job.id(), JobEventType.CANCEL_PHASE_CHANGED))
                        .containsExactly("cooperative", "completed"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.to(job.id(), JobEventType.STATE_TRANSITION))
                        .containsExactly("running", "cancelled"));
    }

    @Test
    void anIgnoredCancelStopsTheWorkerReloadsTheInstanceAndTheNextJobRunsAfterTheReload() throws Exception {
        start(QueueHarness.settings(1));
        EventLog events = EventLog.of(queue.allEvents());
        Job stubborn = queue.submit("stubborn", call(Map.of("do", "stubborn", "name", "stubborn")), 0);
        Job next = queue.submit("stubborn", call(Map.of("name", "next")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);

        assertThat(queue.cancel(stubborn.id())).isTrue();
        assertThat(queue.job(stubborn.id()).orElseThrow().cancelPhase()).contains(CancelPhase.COOPERATIVE);
        Job done = ended(stubborn);

        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.error()).get().satisfies(e -> assertThat(e.message()).contains("cancel_timeout (300 ms)"));
        assertThat(target.forceStops).containsExactly("stubborn");
        assertThat(target.reloads).containsExactly("stubborn");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.to(stubborn.id(), JobEventType.CANCEL_PHASE_CHANGED))
                        .containsExactly("cooperative", "force", "reloading", "completed"));
        Job after = ended(next);
        assertThat(after.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(after.startedAt().orElseThrow())
                .isAfterOrEqualTo(done.completedAt().orElseThrow());
        assertThat(target.startedNames()).containsExactly("stubborn", "next");
    }

    @Test
    void aForcedJobGivesItsLaneBackWhileItsInstanceReloadsAndHoldsOnlyItsInstance() throws Exception {
        start(QueueHarness.settings(1));
        target.reloadGate = new java.util.concurrent.CountDownLatch(1);
        Job stubborn = queue.submit("stubborn", call(Map.of("do", "stubborn", "name", "stubborn")), 0);
        Job sameInstance = queue.submit("stubborn", call(Map.of("name", "same")), 0);
        Job otherInstance = queue.submit("echo", call(Map.of("name", "other")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);

        queue.cancel(stubborn.id());
        await().atMost(WAIT).until(() -> target.reloads.contains("stubborn"));

        // The lane (of one) runs the other instance's job while the forced one's instance reloads ...
        assertThat(ended(otherInstance).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(queue.job(stubborn.id()).orElseThrow().cancelPhase()).contains(CancelPhase.RELOADING);
        assertThat(queue.job(sameInstance.id()).orElseThrow())
                .satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.PENDING))
                .satisfies(j -> assertThat(j.blockReason()).get().asString().contains("is being reloaded"));
        // ... and the reloaded instance takes its next job once the forced one has ended.
        target.reloadGate.countDown();
        assertThat(ended(stubborn).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ended(sameInstance).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.startedNames()).containsExactly("stubborn", "other", "same");
    }

    @Test
    void progressAndResourceSnapshotsAreWrittenAndPublishedWhileAJobRuns() throws Exception {
        start(QueueHarness.settings(1));
        Job job = queue.submit("hold", call(Map.of("do", "hold")), 0);
        EventLog events = EventLog.of(queue.events(job.id()));
        await().atMost(WAIT).until(() -> target.started.size() == 1);

        target.progress = new CallProgress(0.5, "half way");

        await().atMost(WAIT).untilAsserted(() -> {
            Job now = queue.job(job.id()).orElseThrow();
            assertThat(now.progress()).isEqualTo(0.5);
            assertThat(now.statusMessage()).isEqualTo("half way");
            assertThat(now.lastResourceSnapshot()).contains(Map.of("pid", 1L, "rss_mb", 10.0));
        });
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.events)
                        .extracting(e -> e.type())
                        .contains(JobEventType.PROGRESS_CHANGED, JobEventType.RESOURCE_SNAPSHOT));
        assertThat(events.events).allSatisfy(e -> assertThat(e.jobId()).isEqualTo(job.id()));
        target.release("hold");
        assertThat(ended(job).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void eachJobOfABusyLaneTakesTheSlotOfTheOneBeforeAndIsPublishedRunningAfterThatOnesEnd() throws Exception {
        start(QueueHarness.settings(1));
        EventLog events = EventLog.of(queue.allEvents());
        Job first = queue.submit("a", call(Map.of("do", "hold", "name", "first")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);
        Job second = queue.submit("a", call(Map.of("name", "second")), 0);
        Job third = queue.submit("b", call(Map.of("name", "third")), 0);
        assertThat(queue.job(second.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

        target.release("a");

        assertThat(ended(third).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.startedNames()).containsExactly("first", "second", "third");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.events.stream()
                                .filter(e -> e.type() == JobEventType.STATE_TRANSITION)
                                .map(e -> e.jobId() + " " + e.payload().get("to")))
                        .containsExactly(
                                first.id() + " running",
                                first.id() + " completed",
                                second.id() + " running",
                                second.id() + " completed",
                                third.id() + " running",
                                third.id() + " completed"));
        assertThat(queue.running()).isEmpty();
        assertThat(queue.pending()).isEmpty();
        assertThat(store.currentClaim(third.id())).isEmpty();
    }

    @Test
    void aJobStoredBehindABusyLaneStartsAtTheHandoverAfterIdleEndsWithoutTheDispatchersPoll() throws Exception {
        // The dispatcher's own pass comes once an hour: only submits, handovers and wake-ups start jobs here.
        QueueSettings s = QueueHarness.settings(1);
        start(new QueueSettings(
                s.maxRunning(),
                s.lanes(),
                s.historyLimit(),
                Duration.ofHours(1),
                s.progressPoll(),
                s.snapshotEvery(),
                s.cancelTimeout(),
                s.lease(),
                s.hostId()));
        for (int i = 0; i < 3; i++) {
            // Each ends with nothing pending: its end is written without a look at the queue.
            assertThat(ended(queue.submit("a", call(Map.of("name", "alone-" + i)), 0))
                            .status())
                    .isEqualTo(JobStatus.COMPLETED);
        }
        Job held = queue.submit("a", call(Map.of("do", "hold", "name", "held")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 4);
        Job behind = queue.submit("a", call(Map.of("name", "behind")), 0);
        assertThat(queue.job(behind.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

        target.release("a");

        assertThat(ended(held).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ended(behind).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.startedNames()).containsExactly("alone-0", "alone-1", "alone-2", "held", "behind");
    }

    @Test
    void twoLanesRunInParallelWhileAFullLaneHoldsItsNextJobWithItsBlockReason() throws Exception {
        start(QueueHarness.settings(2, Map.of(Job.DEFAULT_LANE, 1, "gpu", 1)));
        EventLog events = EventLog.of(queue.allEvents());
        queue.submit("a", call(Map.of("do", "hold", "name", "a1")), 0);
        Job a2 = queue.submit("a", call(Map.of("name", "a2")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);
        queue.submit("b", call(Map.of("do", "hold", "name", "b1")), 0, "gpu");

        await().atMost(WAIT).until(() -> target.started.size() == 2);
        assertThat(target.startedNames()).containsExactly("a1", "b1");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(queue.job(a2.id()).orElseThrow().blockReason())
                        .contains("lane 'default' is full (1 of 1 running)"));
        assertThat(queue.running()).hasSize(2);

        target.release("a");
        assertThat(ended(a2).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ended(a2).blockReason()).isEmpty();
        // Subscribers are served on their own thread: the last event may arrive after the job's completion.
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(events.to(a2.id(), JobEventType.BLOCK_REASON_CHANGED))
                        .containsExactly("lane 'default' is full (1 of 1 running)", null));
        target.release("b");
    }

    @Test
    void anInstanceCapOfOneHoldsItsSecondJobWhileAnotherInstanceRuns() throws Exception {
        start(QueueHarness.settings(3));
        target.caps.put("capped", OptionalInt.of(1));
        queue.submit("capped", call(Map.of("do", "hold", "name", "c1")), 0);
        Job c2 = queue.submit("capped", call(Map.of("name", "c2")), 0);
        Job other = queue.submit("other", call(Map.of("name", "o1")), 0);

        assertThat(ended(other).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(queue.job(c2.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.job(c2.id()).orElseThrow().blockReason())
                .contains("instance 'capped' runs its cap of 1 call(s)");

        target.release("capped");
        assertThat(ended(c2).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.startedNames()).containsExactly("c1", "o1", "c2");
    }

    @Test
    void aJobWaitsWithItsBlockReasonWhileTheMeasuredPeakOfItsConfigDoesNotFitAndRunsOnceItDoes() throws Exception {
        InMemoryEmpiricalResourceStore measured = new InMemoryEmpiricalResourceStore();
        // The plugin declares nothing; what it was measured to take for this config is what the policy is asked for.
        measured.record(new ResourceSample(
                "big",
                "plugin-big",
                "sha256:test",
                true,
                10.0,
                50_000_000.0,
                OptionalDouble.empty(),
                1.0,
                Map.of(),
                Instant.now()));
        AtomicReference<ResourceScheduler> policy = new AtomicReference<>(new SafetyScheduler(new ProcSystemMonitor(
                Path.of("/proc"), Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(1))));
        store = new SqliteJobStore(dir.resolve("jobs.db"));
        queue = QueueHarness.start(store, target, QueueHarness.settings(2), policy::get, () -> measured);

        Job big = queue.submit("big", call(Map.of("name", "big")), 5);
        Job small = queue.submit("small", call(Map.of("name", "small")), 0);

        assertThat(ended(small).status()).isEqualTo(JobStatus.COMPLETED);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(queue.job(big.id()).orElseThrow().blockReason())
                                .get()
                                .asString()
                                .contains("50000000 MB"));
        assertThat(queue.job(big.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

        policy.set(new PermissiveScheduler());
        assertThat(ended(big).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(target.startedNames()).containsExactly("small", "big");
    }

    @Test
    void aHostThatDiedMidQueueRunsItsPendingJobsInOrderAndRequeuesItsRunningJobOnce() throws Exception {
        start(QueueHarness.settings(1));
        Job interrupted = queue.submit("hold", call(Map.of("do", "hold", "name", "interrupted")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 1);
        Job low = queue.submit("echo", call(Map.of("name", "low")), 1);
        Job high = queue.submit("echo", call(Map.of("name", "high")), 7);
        queue.close();
        queue = null;
        target.started.clear();

        start(QueueHarness.settings(1));
        await().atMost(WAIT).until(() -> target.startedNames().contains("interrupted"));
        assertThat(queue.job(interrupted.id())
                        .orElseThrow()
                        .error()
                        .orElseThrow()
                        .message())
                .startsWith("Host restarted");
        target.release("hold");
        Job again = ended(interrupted);

        assertThat(again.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(again.retryCount()).isEqualTo(1);
        // The interrupted job went back with its own priority (0): the pending jobs' order decides.
        assertThat(target.startedNames()).containsExactly("high", "low", "interrupted");
        assertThat(queue.job(high.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(queue.stats().totalCompleted()).isEqualTo(3);
    }

    @Test
    void aRunningJobInterruptedASecondTimeOrNotRetrySafeEndsFailedWithHostRestarted() throws Exception {
        target.retrySafe.put("unsafe", false);
        start(QueueHarness.settings(2));
        Job unsafe = queue.submit("unsafe", call(Map.of("do", "hold")), 0);
        Job twice = queue.submit("twice", call(Map.of("do", "hold")), 0);
        await().atMost(WAIT).until(() -> target.started.size() == 2);
        queue.close();

        start(QueueHarness.settings(2));
        await().atMost(WAIT).until(() -> target.started.size() == 3);
        queue.close();

        start(QueueHarness.settings(2));
        Job failedUnsafe = ended(unsafe);
        Job failedTwice = ended(twice);

        assertThat(failedUnsafe.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failedUnsafe.error().orElseThrow().message()).startsWith("Host restarted");
        assertThat(failedUnsafe.error().orElseThrow().category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(failedTwice.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failedTwice.retryCount()).isEqualTo(1);
        assertThat(failedTwice.error().orElseThrow().message()).contains("run again once already");
        assertThat(target.started).hasSize(3);
    }

    @Test
    void theInMemoryStoreServesTheQueueAlike() throws Exception {
        JobStore memory = new InMemoryJobStore();
        queue = QueueHarness.start(memory, target, QueueHarness.settings(1));

        Job done = ended(queue.submit("echo", call(Map.of("text", "m")), 0));

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(memory.find(done.id())).contains(done);
    }
}
