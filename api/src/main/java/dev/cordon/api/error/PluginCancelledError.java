package dev.cordon.api.error;

/**
 * Cooperative cancellation, thrown by {@link dev.cordon.api.plugin.PluginContext#checkCancelled()}: category
 * {@code transient} (the same inputs may run again) but <em>not</em> retriable, because an operator asked for it.
 */
public final class PluginCancelledError extends PluginTransientError {

    private static final long serialVersionUID = 1L;

    private final String pluginName;

    /** Message {@code Plugin '<name>' cancelled by operator}. */
    public PluginCancelledError(String pluginName) {
        super("Plugin '" + pluginName + "' cancelled by operator");
        this.pluginName = pluginName;
    }

    /** The plugin or instance whose call was cancelled. */
    public String pluginName() {
        return pluginName;
    }

    /** Always {@code false}: cancellation was deliberate. */
    @Override
    public boolean retriable() {
        return false;
    }
}
