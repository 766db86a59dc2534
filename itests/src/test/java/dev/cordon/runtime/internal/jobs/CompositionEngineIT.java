package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.CompositionInvalidError;
import dev.cordon.api.error.CompositionProblem;
import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.NodeState;
import dev.cordon.api.model.NodeStatus;
import dev.cordon.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compositions on the real queue and a real SQLite store, with calls scripted by {@link ScriptedTarget} (a call
 * completes with its keyword arguments, fails with {@code do=fail}, and is held with {@code do=cooperative} until
 * released or cancelled): parallel branches, references, skipping, fail-fast, cancel and a host restart.
 */
class CompositionEngineIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ScriptedTarget target = new ScriptedTarget();
    private SqliteJobStore store;
    private JobQueueService queue;

    private JobQueueService start() {
        if (store == null) {
            store = new SqliteJobStore(dir.resolve("jobs.db"));
        }
        queue = QueueHarness.start(store, target, QueueHarness.settings(4));
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

    private static Map<String, Object> ref(String node, String path) {
        return Map.of("$ref", node, "path", path);
    }

    private static CompositionNode node(String id, String instance, Map<String, Object> kwargs, String... needs) {
        return new CompositionNode(id, instance, null, kwargs, List.of(needs), null, 0, null);
    }

    private Composition ended(Composition c) throws Exception {
        return queue.compositionCompletion(c.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private Job job(Composition c, String node) {
        return queue.job(c.state(node).jobId().orElseThrow()).orElseThrow();
    }

    @Test
    void aDiamondRunsItsTwoBranchesAtOnceAndTheMergeSeesBothResults() throws Exception {
        start();
        Composition c = queue.submitComposition(
                List.of(
                        node("split", "s", Map.of("text", "a b")),
                        node("left", "l", Map.of("do", "cooperative", "in", ref("split", "/text"))),
                        node("right", "r", Map.of("do", "cooperative", "in", ref("split", ""))),
                        node(
                                "merge",
                                "m",
                                Map.of("l", ref("left", ""), "r", Map.of("$ref", "right")),
                                "left",
                                "right")),
                CompositionMode.FAIL_FAST,
                0);
        EventLog log = EventLog.of(queue.compositionEvents(c.id()));
        await().atMost(WAIT).until(() -> target.started.size() == 3);
        target.release("l");
        target.release("r");
        Composition done = ended(c);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.states().values()).extracting(NodeState::status).containsOnly(NodeStatus.COMPLETED);
        Job left = job(done, "left");
        Job right = job(done, "right");
        assertThat(left.kwargs()).containsEntry("in", "a b");
        assertThat(right.kwargs()).containsEntry("in", Map.of("text", "a b"));
        assertThat(left.startedAt().orElseThrow()).isBefore(right.completedAt().orElseThrow());
        assertThat(right.startedAt().orElseThrow()).isBefore(left.completedAt().orElseThrow());
        assertThat(job(done, "merge").kwargs()).isEqualTo(Map.of("l", "released", "r", "released"));
        assertThat(done.state("merge").result()).contains(Map.of("l", "released", "r", "released"));
        await().atMost(WAIT)
                .until(() -> log.events.stream()
                        .anyMatch(e -> e.type() == JobEventType.COMPOSITION_ADVANCED
                                && "completed".equals(e.payload().get("composition_status"))));
        assertThat(queue.composition(c.id())).contains(done);
        assertThat(queue.compositions(0, 10)).extracting(Composition::id).contains(c.id());
    }

    @Test
    void aReferenceReachesIntoANestedFieldAndAMissingOneFailsItsNodeByName() throws Exception {
        start();
        Map<String, Object> data = Map.of("items", List.of(Map.of("name", "x"), Map.of("name", "y/z")));
        Composition c = queue.submitComposition(
                List.of(
                        node("split", "s", Map.of("data", data)),
                        node("pick", "p", Map.of("name", ref("split", "/data/items/1/name"))),
                        node("lost", "p", Map.of("name", ref("split", "/data/items/7/name"))),
                        node("after-lost", "p", Map.of("x", ref("lost", "")))),
                CompositionMode.BEST_EFFORT,
                0);
        Composition done = ended(c);

        assertThat(job(done, "pick").kwargs()).isEqualTo(Map.of("name", "y/z"));
        NodeState lost = done.state("lost");
        assertThat(lost.status()).isEqualTo(NodeStatus.FAILED);
        assertThat(lost.jobId()).isEmpty();
        assertThat(lost.error().orElseThrow().category()).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(lost.error().orElseThrow().message())
                .contains("Node 'lost'", "kwargs.name", "/data/items/7", "a list of 2");
        assertThat(done.state("after-lost").status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aFailedNodeSkipsExactlyItsTransitiveDependentsInBestEffort() throws Exception {
        start();
        Composition c = queue.submitComposition(
                List.of(
                        node("a", "x", Map.of()),
                        node("b", "x", Map.of("do", "fail", "in", ref("a", ""))),
                        node("c", "x", Map.of(), "b"),
                        node("d", "x", Map.of("in", ref("c", ""))),
                        node("e", "x", Map.of("in", ref("a", ""))),
                        new CompositionNode("f", "x", null, Map.of(), null, List.of("b"), 0, null)),
                CompositionMode.BEST_EFFORT,
                0);
        Composition done = ended(c);

        assertThat(done.states().values())
                .extracting(NodeState::nodeId, NodeState::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", NodeStatus.COMPLETED),
                        org.assertj.core.groups.Tuple.tuple("b", NodeStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("c", NodeStatus.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple("d", NodeStatus.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple("e", NodeStatus.COMPLETED),
                        org.assertj.core.groups.Tuple.tuple("f", NodeStatus.COMPLETED));
        assertThat(done.state("c").cause()).contains("node 'b' failed");
        assertThat(done.state("d").cause()).contains("node 'c' skipped");
        assertThat(done.state("b").error().orElseThrow().message()).isEqualTo("bad input");
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void failFastCancelsTheRunningBranchAndEverythingNotStarted() throws Exception {
        start();
        Composition c = queue.submitComposition(
                List.of(
                        node("slow", "h", Map.of("do", "cooperative")),
                        node("after-slow", "x", Map.of("in", ref("slow", ""))),
                        node("gate", "g", Map.of("do", "cooperative")),
                        node("bad", "x", Map.of("do", "fail"), "gate")),
                CompositionMode.FAIL_FAST,
                0);
        await().atMost(WAIT).until(() -> target.started.size() == 2);
        target.release("g");
        Composition done = ended(c);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.state("bad").status()).isEqualTo(NodeStatus.FAILED);
        assertThat(done.state("slow").status()).isEqualTo(NodeStatus.CANCELLED);
        assertThat(job(done, "slow").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.state("after-slow").status()).isIn(NodeStatus.CANCELLED, NodeStatus.SKIPPED);
        assertThat(done.state("after-slow").jobId()).isEmpty();
    }

    @Test
    void cancellingMidDagStopsTheRunningNodeAndNeverStartsTheRest() throws Exception {
        start();
        Composition c = queue.submitComposition(
                List.of(
                        node("first", "h", Map.of("do", "cooperative")),
                        node("second", "x", Map.of("in", ref("first", ""))),
                        node("third", "x", Map.of(), "second")),
                CompositionMode.BEST_EFFORT,
                0);
        await().atMost(WAIT)
                .until(() ->
                        job(queue.composition(c.id()).orElseThrow(), "first").status() == JobStatus.RUNNING);
        assertThat(queue.cancelComposition(c.id())).isTrue();
        Composition done = ended(c);

        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.states().values()).extracting(NodeState::status).containsOnly(NodeStatus.CANCELLED);
        assertThat(done.state("second").cause()).contains("the composition was cancelled");
        assertThat(target.started).hasSize(1);
        assertThat(queue.cancelComposition(c.id())).isFalse();
    }

    @Test
    void validationListsEveryProblemWithItsPathInOneTypedError() {
        start();
        List<CompositionNode> nodes = List.of(
                node("a", "x", Map.of("in", ref("b", ""))),
                node("b", "x", Map.of("in", ref("a", "/k"))),
                node("a", "x", Map.of()),
                node("c", "nosuch-plugin", Map.of("in", ref("ghost", ""))),
                node("d", "x", Map.of("in", Map.of("$ref", "a", "path", "no-slash"))));

        assertThatThrownBy(() -> queue.submitComposition(nodes, CompositionMode.FAIL_FAST, 0))
                .isInstanceOfSatisfying(
                        CompositionInvalidError.class,
                        e -> assertThat(e.problems())
                                .extracting(CompositionProblem::path)
                                .containsExactlyInAnyOrder(
                                        "nodes[2].id",
                                        "nodes[3].plugin",
                                        "nodes[3].kwargs.in.$ref",
                                        "nodes[4].kwargs.in",
                                        "nodes[0]"))
                .hasMessageContaining("cycle a -> b -> a")
                .hasMessageContaining("duplicate node id 'a'")
                .hasMessageContaining("no node has the id 'ghost'");
        assertThat(queue.compositions(0, 10)).isEmpty();
    }

    @Test
    void aHostStoppedMidDagResumesItKeepingFinishedResultsAndRunningPendingNodesOnce() throws Exception {
        start();
        Composition c = queue.submitComposition(
                List.of(
                        node("done", "x", Map.of("v", 1L)),
                        node("held", "h", Map.of("do", "cooperative", "in", ref("done", "/v"))),
                        node("last", "x", Map.of("in", ref("held", "")))),
                CompositionMode.FAIL_FAST,
                0);
        await().atMost(WAIT).until(() -> target.started.size() == 2);
        String doneJob =
                queue.composition(c.id()).orElseThrow().state("done").jobId().orElseThrow();
        queue.close();

        start();
        await().atMost(WAIT).until(() -> target.started.size() == 3);
        target.release("h");
        Composition done = ended(c);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.state("done").jobId()).contains(doneJob);
        assertThat(done.state("done").result()).contains(Map.of("v", 1L));
        assertThat(job(done, "held").retryCount()).isEqualTo(1);
        assertThat(job(done, "last").kwargs()).isEqualTo(Map.of("in", "released"));
        assertThat(target.started)
                .extracting(ScriptedTarget.Started::instanceId)
                .containsExactly("x", "h", "h", "x");
    }

    @Test
    void compositionAdvancedEventsNameTheNodeAndItsTransition() throws Exception {
        start();
        // Subscribed before the submit: the scripted calls may end the composition before a later subscription.
        EventLog log = EventLog.of(queue.allEvents());
        Composition c = queue.submitComposition(
                List.of(node("one", "x", Map.of()), node("two", "x", Map.of("do", "fail"), "one")),
                CompositionMode.FAIL_FAST,
                0);
        ended(c);
        await().atMost(WAIT)
                .until(() -> log.events.stream()
                        .anyMatch(e -> e.sequenceId().filter(c.id()::equals).isPresent()
                                && e.type() == JobEventType.COMPOSITION_ADVANCED
                                && "failed".equals(e.payload().get("to"))));
        List<JobEvent> advanced = log.events.stream()
                .filter(e -> e.type() == JobEventType.COMPOSITION_ADVANCED)
                .filter(e -> e.sequenceId().filter(c.id()::equals).isPresent())
                .toList();
        assertThat(advanced).allSatisfy(e -> assertThat(e.sequenceId()).contains(c.id()));
        assertThat(advanced.get(advanced.size() - 1).payload())
                .containsEntry("node", "two")
                .containsEntry("from", "submitted")
                .containsEntry("to", "failed")
                .containsEntry("composition_status", "failed");
    }
}
