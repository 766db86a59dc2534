package dev.cordon.api.error;

/** A per-call or per-job time limit fired before the plugin finished: {@code transient}, retriable. */
public final class PluginTimeoutError extends PluginTransientError {

    private static final long serialVersionUID = 1L;

    private final String pluginName;
    private final double timeoutSeconds;

    /**
     * @param pluginName the plugin or instance that was too slow
     * @param timeoutSeconds the limit that fired
     * @param retryAfterSeconds a back-off hint, or {@code null}
     */
    public PluginTimeoutError(String pluginName, double timeoutSeconds, Double retryAfterSeconds) {
        super("Plugin '" + pluginName + "' timed out after " + timeoutSeconds + " s", retryAfterSeconds, null);
        this.pluginName = pluginName;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The plugin or instance that was too slow. */
    public String pluginName() {
        return pluginName;
    }

    /** The limit that fired, in seconds. */
    public double timeoutSeconds() {
        return timeoutSeconds;
    }
}
