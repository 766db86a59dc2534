package dev.cordon.api.error;

/**
 * An output reference that could not be resolved when its node was about to run (the referenced result has no value
 * at the path): the node fails with this, {@code user_input}.
 */
public final class CompositionReferenceError extends PluginInputError {

    private static final long serialVersionUID = 1L;

    private final String nodeId;
    private final String path;

    /**
     * @param nodeId the node whose argument holds the reference
     * @param path where the reference sits in that node, for example {@code kwargs.text}
     * @param message what could not be resolved, and why
     */
    public CompositionReferenceError(String nodeId, String path, String message) {
        super("Node '" + nodeId + "', " + path + ": " + message, java.util.List.of(path), null);
        this.nodeId = nodeId;
        this.path = path;
    }

    /** The node whose argument holds the reference. */
    public String nodeId() {
        return nodeId;
    }

    /** Where the reference sits in that node. */
    public String path() {
        return path;
    }
}
