package dev.cordon.api.error;

/** A call reached a disabled plugin or instance: {@code user_input} (re-enable it), retriable. */
public final class PluginDisabledError extends PluginInputError {

    private static final long serialVersionUID = 1L;

    private final String pluginName;

    /** Message {@code Plugin '<name>' is disabled}. */
    public PluginDisabledError(String pluginName) {
        super("Plugin '" + pluginName + "' is disabled");
        this.pluginName = pluginName;
    }

    /** The disabled plugin or instance. */
    public String pluginName() {
        return pluginName;
    }
}
