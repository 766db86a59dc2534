package dev.cordon.api.error;

import java.util.List;

/**
 * A composition refused at submit time, with every problem found in it (duplicate node ids, unknown references,
 * cycles, unknown plugins or instances, malformed references), each with its path: {@code user_input}.
 */
public final class CompositionInvalidError extends PluginInputError {

    private static final long serialVersionUID = 1L;

    private final List<CompositionProblem> problems;

    /** @param problems every problem found, at least one */
    public CompositionInvalidError(List<CompositionProblem> problems) {
        super(message(problems), problems.stream().map(CompositionProblem::path).toList(), null);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order of the nodes. */
    public List<CompositionProblem> problems() {
        return problems;
    }

    private static String message(List<CompositionProblem> problems) {
        StringBuilder b = new StringBuilder("The composition has ")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append("; fix them and submit it again:");
        problems.forEach(p -> b.append("\n  ").append(p));
        return b.toString();
    }
}
