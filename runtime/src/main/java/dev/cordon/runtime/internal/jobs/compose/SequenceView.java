package dev.cordon.runtime.internal.jobs.compose;

import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.JobSequence;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.NodeState;
import dev.cordon.api.model.NodeStatus;
import dev.cordon.api.model.SequenceStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sequences as compositions: step {@code i} is node {@code step-i}, which runs after step {@code i-1} has ended
 * (whatever its outcome); fail-fast is the composition's fail-fast mode. The {@link JobSequence} a caller sees is
 * read off the composition.
 */
public final class SequenceView {

    private SequenceView() {}

    /** The nodes of a sequence of these steps. */
    public static List<CompositionNode> nodes(List<SequenceStep> steps) {
        List<CompositionNode> nodes = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            SequenceStep s = steps.get(i);
            nodes.add(new CompositionNode(
                    "step-" + i,
                    s.pluginInstanceId(),
                    s.args(),
                    s.kwargs(),
                    null,
                    i == 0 ? List.of() : List.of("step-" + (i - 1)),
                    s.priority(),
                    null));
        }
        return nodes;
    }

    /**
     * The sequence a composition submitted as one stands for. It is {@code cancelled} as soon as a step was
     * cancelled, {@code failed} as soon as a fail-fast step failed; a best-effort sequence whose steps all ended is
     * {@code completed}, whatever their outcomes.
     */
    public static JobSequence of(Composition c) {
        List<SequenceStep> steps = new ArrayList<>();
        List<dev.cordon.api.model.StepResult> results = new ArrayList<>();
        int current = 0;
        Optional<String> currentJob = Optional.empty();
        boolean cancelled = false;
        boolean failed = false;
        for (int i = 0; i < c.nodes().size(); i++) {
            CompositionNode n = c.nodes().get(i);
            steps.add(new SequenceStep(n.pluginInstanceId(), n.args(), n.kwargs(), n.priority()));
            NodeState s = c.state(n.id());
            if (s.status() == NodeStatus.SUBMITTED) {
                current = i;
                currentJob = s.jobId();
            } else if (s.status().terminal() && s.jobId().isPresent()) {
                current = i;
                results.add(new dev.cordon.api.model.StepResult(
                        s.jobId().get(), s.status() == NodeStatus.COMPLETED, s.result(), s.error()));
            }
            cancelled |= s.status() == NodeStatus.CANCELLED && !failed;
            failed |= s.status() == NodeStatus.FAILED && c.mode() == CompositionMode.FAIL_FAST;
        }
        JobStatus status = failed
                ? JobStatus.FAILED
                : cancelled ? JobStatus.CANCELLED : c.status().terminal() ? JobStatus.COMPLETED : JobStatus.RUNNING;
        return new JobSequence(
                c.id(),
                steps,
                c.mode() == CompositionMode.FAIL_FAST,
                c.priority(),
                current,
                currentJob,
                results,
                status,
                c.submittedAt(),
                c.completedAt());
    }
}
