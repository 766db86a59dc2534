package dev.cordon.runtime.internal.jobs.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.CompositionInvalidError;
import dev.cordon.api.error.CompositionProblem;
import dev.cordon.api.error.CompositionReferenceError;
import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.protocol.json.PlainJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositionValidatorTest {

    private final CompositionValidator validator = new CompositionValidator(
            id -> {
                if (id.startsWith("nosuch")) {
                    throw new PluginNotFoundError(id, List.of("echo"), "the test's plugins");
                }
            },
            lane -> lane.equals("default") || lane.equals("gpu"));

    private static CompositionNode node(String id, Map<String, Object> kwargs, String... needs) {
        return new CompositionNode(id, "echo", null, kwargs, List.of(needs), null, 0, null);
    }

    private static Map<String, Object> ref(String node) {
        return Map.of("$ref", node);
    }

    private List<String> paths(List<CompositionNode> nodes) {
        return validator.problems(nodes).stream().map(CompositionProblem::path).toList();
    }

    @Test
    void aValidDiamondHasNoProblems() {
        assertThat(validator.problems(List.of(
                        node("split", Map.of()),
                        node("l", Map.of("x", ref("split"))),
                        node("r", Map.of("x", List.of(Map.of("$ref", "split", "path", "/a~1b/0")))),
                        node("merge", Map.of(), "l", "r"))))
                .isEmpty();
    }

    @Test
    void cyclesAreReportedOnceEachWithTheirChainIncludingLongOnesAndSelfReferences() {
        List<CompositionProblem> problems = validator.problems(List.of(
                node("a", Map.of("x", ref("c"))),
                node("b", Map.of(), "a"),
                node("c", Map.of("nested", Map.of("deep", ref("b")))),
                node("d", Map.of("x", ref("d")))));
        assertThat(problems)
                .extracting(CompositionProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("nodes[0]: cycle a -> c -> b -> a"))
                .anySatisfy(
                        p -> assertThat(p).isEqualTo("nodes[3].kwargs.x.$ref: a node cannot reference its own result"));
        assertThat(problems.stream().filter(p -> p.message().startsWith("cycle")))
                .hasSize(1);
    }

    @Test
    void everyKindOfProblemIsListedWithItsPath() {
        assertThat(paths(List.of(
                        node("a", Map.of()),
                        node("a", Map.of()),
                        new CompositionNode("", "nosuch", null, Map.of(), null, List.of("ghost"), 0, "fast"),
                        node("b", Map.of("x", ref("ghost")), "nobody"),
                        node("c", Map.of("x", Map.of("$ref", "a", "path", "kwargs"), "y", Map.of("$ref", 3L))),
                        node("d", Map.of("x", Map.of("$ref", "a", "extra", 1L))))))
                .containsExactlyInAnyOrder(
                        "nodes[1].id",
                        "nodes[2].id",
                        "nodes[2].plugin",
                        "nodes[2].lane",
                        "nodes[2].after[0]",
                        "nodes[3].needs[0]",
                        "nodes[3].kwargs.x.$ref",
                        "nodes[4].kwargs.x",
                        "nodes[4].kwargs.y",
                        "nodes[5].kwargs.x");
        assertThat(paths(List.of())).containsExactly("nodes");
    }

    @Test
    void pointersFollowRfc6901IntoObjectsAndListsAndNameWhatIsMissing() {
        Map<String, Object> result = Map.of("a/b", List.of(Map.of("~k", 7L)), "s", "t");
        assertThat(References.select(result, "", "n", "kwargs.x", "up")).isEqualTo(result);
        assertThat(References.select(result, "/a~1b/0/~0k", "n", "kwargs.x", "up"))
                .isEqualTo(7L);
        assertThatThrownBy(() -> References.select(result, "/a~1b/1", "n", "kwargs.x", "up"))
                .isInstanceOfSatisfying(CompositionReferenceError.class, e -> {
                    assertThat(e.nodeId()).isEqualTo("n");
                    assertThat(e.path()).isEqualTo("kwargs.x");
                })
                .hasMessageContaining("Node 'n', kwargs.x")
                .hasMessageContaining("nothing at /a~1b/1")
                .hasMessageContaining("a list of 1");
        assertThatThrownBy(() -> References.select(result, "/s/x", "n", "kwargs.x", "up"))
                .hasMessageContaining("the value t");
    }

    @Test
    void aSpecFileReadsIntoNodesAndReportsEveryShapeProblem() {
        CompositionSpec spec = CompositionSpec.from(PlainJson.parse("""
                {"mode": "best_effort", "priority": 4, "nodes": [
                  {"id": "a", "plugin": "echo", "kwargs": {"t": 1}},
                  {"id": "b", "instance": "echo-2", "args": [1], "needs": ["a"], "lane": "gpu", "priority": 2}]}
                """));
        assertThat(spec.mode()).isEqualTo(CompositionMode.BEST_EFFORT);
        assertThat(spec.priority()).isEqualTo(4);
        assertThat(spec.nodes().get(1))
                .isEqualTo(new CompositionNode("b", "echo-2", List.of(1L), Map.of(), List.of("a"), null, 2, "gpu"));

        assertThatThrownBy(() -> CompositionSpec.from(PlainJson.parse("""
                        {"mode": "sometimes", "nodez": [], "nodes": [{"plugin": 3, "kwargs": [], "needs": "a"}]}
                        """)))
                .isInstanceOfSatisfying(
                        CompositionInvalidError.class,
                        e -> assertThat(e.problems())
                                .extracting(CompositionProblem::path)
                                .containsExactlyInAnyOrder(
                                        "$.nodez",
                                        "mode",
                                        "nodes[0].id",
                                        "nodes[0].plugin",
                                        "nodes[0].kwargs",
                                        "nodes[0].needs"));
    }
}
