package dev.cordon.api.error;

/** A call reached a plugin or instance that is not loaded: an orchestration bug, {@code fatal}. */
public final class PluginNotLoadedError extends PluginFatalError {

    private static final long serialVersionUID = 1L;

    private final String pluginName;

    /** Message {@code Plugin '<name>' is not loaded}. */
    public PluginNotLoadedError(String pluginName) {
        super("Plugin '" + pluginName + "' is not loaded");
        this.pluginName = pluginName;
    }

    /** The plugin or instance that was not loaded. */
    public String pluginName() {
        return pluginName;
    }
}
