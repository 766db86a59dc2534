package dev.cordon.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** A manifest or plugins file that cannot be used, with every problem found and its JSON path. */
public final class ManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ManifestProblem> problems;

    /**
     * @param source the file or other origin of the text, for the message
     * @param problems every problem found, at least one
     */
    public ManifestException(String source, List<ManifestProblem> problems) {
        super(source + " is invalid (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  "
                + problems.stream().map(ManifestProblem::toString).collect(Collectors.joining("\n  ")));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** Where the text came from. */
    public String source() {
        return source;
    }

    /** Every problem found. */
    public List<ManifestProblem> problems() {
        return problems;
    }
}
