package dev.cordon.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.NodeState;
import dev.cordon.api.model.NodeStatus;
import dev.cordon.api.spi.JobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} must do with compositions; {@link JobStoreContract} runs it for each store. */
public abstract class CompositionStoreContract {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new, empty store. */
    protected abstract JobStore newStore();

    private JobStore open() {
        JobStore s = newStore();
        if (s instanceof AutoCloseable c) {
            opened.add(c);
        }
        return s;
    }

    @AfterEach
    void closeCompositionStores() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    static Composition diamond(String id, int second) {
        List<CompositionNode> nodes = List.of(
                CompositionNode.of("split", "echo", Map.of("text", "a b")),
                new CompositionNode(
                        "left",
                        "slow",
                        List.of(1L, "x"),
                        Map.of("steps", Map.of("$ref", "split", "path", "/kwargs/n")),
                        List.of(),
                        List.of(),
                        3,
                        "gpu"),
                new CompositionNode("right", "echo", null, Map.of(), List.of("split"), List.of("left"), 0, null),
                CompositionNode.of("merge", "echo", Map.of("l", Map.of("$ref", "left"))));
        Map<String, NodeState> states = new LinkedHashMap<>();
        nodes.forEach(n -> states.put(n.id(), NodeState.waiting(n.id())));
        return new Composition(
                id,
                nodes,
                CompositionMode.BEST_EFFORT,
                2,
                JobStatus.RUNNING,
                states,
                T0.plusSeconds(second),
                Optional.empty(),
                false);
    }

    @Test
    void aSavedCompositionReadsBackEqualWithEveryNodeAndState() {
        JobStore store = open();
        Composition c = diamond("c1", 0);
        store.saveComposition(c);
        assertThat(store.findComposition("c1")).contains(c);
        assertThat(store.findComposition("nosuch")).isEmpty();
    }

    @Test
    void savingAgainReplacesTheNodeStatesWithResultsErrorsAndCauses() {
        JobStore store = open();
        Composition c = diamond("c1", 0);
        store.saveComposition(c);
        JobError error = new JobError(
                ErrorCategory.USER_INPUT,
                "bad input",
                true,
                "PluginInputError('bad input')",
                null,
                null,
                List.of("kwargs.steps"),
                null,
                "slow",
                "slow",
                T0.plusSeconds(3));
        Composition next = c.with(new NodeState(
                        "split",
                        NodeStatus.COMPLETED,
                        Optional.of("job-1"),
                        Optional.of(Map.of("kwargs", Map.of("n", 3L, "list", List.of(1.5, "z")))),
                        null,
                        null))
                .with(new NodeState("left", NodeStatus.FAILED, Optional.of("job-2"), null, Optional.of(error), null))
                .with(new NodeState("merge", NodeStatus.SKIPPED, null, null, null, Optional.of("node 'left' failed")))
                .with(new NodeState("right", NodeStatus.SUBMITTED, Optional.of("job-3"), null, null, null));
        store.saveComposition(next);
        assertThat(store.findComposition("c1")).contains(next);

        Composition ended = next.ended(JobStatus.FAILED, T0.plusSeconds(9));
        store.saveComposition(ended);
        assertThat(store.findComposition("c1")).contains(ended);
    }

    @Test
    void onlyRunningCompositionsAreUnfinishedAndTheListingIsNewestFirstWithPaging() {
        JobStore store = open();
        store.saveComposition(diamond("old", 0));
        store.saveComposition(diamond("done", 1).ended(JobStatus.COMPLETED, T0.plusSeconds(5)));
        store.saveComposition(diamond("new", 2));

        assertThat(store.unfinishedCompositions()).extracting(Composition::id).containsExactly("old", "new");
        assertThat(store.compositions(0, 10)).extracting(Composition::id).containsExactly("new", "done", "old");
        assertThat(store.compositions(1, 1)).extracting(Composition::id).containsExactly("done");
    }
}
