package dev.cordon.api.error;

/**
 * Resource exhaustion (GPU memory, RAM, disk): {@code resource}, retriable. The runtime frees the named resource
 * (evicting idle instances) and retries on a fresh worker.
 */
public non-sealed class PluginResourceError extends PluginError {

    private static final long serialVersionUID = 1L;

    private final ResourceShortfall resourceShortfall;

    /** A resource error with no quantities. */
    public PluginResourceError(String message) {
        this(message, null, null);
    }

    /**
     * @param message what ran out
     * @param resourceShortfall how much was needed and free, or {@code null}
     * @param cause the underlying exception, or {@code null}
     */
    public PluginResourceError(String message, ResourceShortfall resourceShortfall, Throwable cause) {
        super(message, cause);
        this.resourceShortfall = resourceShortfall;
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.RESOURCE;
    }

    /** The quantitative gap, or {@code null}. */
    public ResourceShortfall resourceShortfall() {
        return resourceShortfall;
    }
}
