package dev.cordon.installer;

import dev.cordon.api.error.PluginFatalError;

/** A step of an install failed; the message names the plugin, the step, the cause and what to do. */
public final class InstallFailedException extends PluginFatalError {

    private static final long serialVersionUID = 1L;

    private final String plugin;

    /**
     * @param plugin the plugin being installed
     * @param message what failed and what to do
     */
    public InstallFailedException(String plugin, String message) {
        this(plugin, message, null);
    }

    /**
     * @param plugin the plugin being installed
     * @param message what failed and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public InstallFailedException(String plugin, String message, Throwable cause) {
        super(message, cause);
        this.plugin = plugin;
    }

    /** The plugin whose install failed. */
    public String plugin() {
        return plugin;
    }
}
