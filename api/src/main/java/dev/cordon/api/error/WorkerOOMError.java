package dev.cordon.api.error;

/**
 * The worker process was killed (typically by the kernel's OOM killer) during a call: {@code resource},
 * retriable on a fresh worker. It carries no shortfall because the host saw only the death.
 */
public final class WorkerOOMError extends PluginResourceError {

    private static final long serialVersionUID = 1L;

    private final String pluginName;
    private final Integer processReturncode;

    /**
     * @param pluginName the plugin or instance whose worker died
     * @param processReturncode the observed exit status (negative for a signal, as in the original), or {@code null}
     * @param message a message, or {@code null} for the default one
     */
    public WorkerOOMError(String pluginName, Integer processReturncode, String message) {
        super(
                message != null
                        ? message
                        : "Worker of plugin '" + pluginName + "' was killed during a call (exit status "
                                + processReturncode + "); assuming it ran out of memory",
                null,
                null);
        this.pluginName = pluginName;
        this.processReturncode = processReturncode;
    }

    /** The plugin or instance whose worker died. */
    public String pluginName() {
        return pluginName;
    }

    /** The observed exit status, or {@code null}. */
    public Integer processReturncode() {
        return processReturncode;
    }
}
