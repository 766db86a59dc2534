package dev.cordon.api.error;

/**
 * The worker process died during a call without running out of memory: it exited, crashed on a signal or was
 * killed by someone other than the host. {@code fatal}: the call is not run again unasked, since it may have done
 * part of its work; the instance gets a fresh worker for the next call.
 */
public final class WorkerCrashedError extends PluginFatalError {

    private static final long serialVersionUID = 1L;

    private final String pluginName;
    private final long pid;
    private final int processReturncode;

    /**
     * @param pluginName the plugin or instance whose worker died
     * @param pid the worker's process id
     * @param processReturncode the exit code, or the negative signal number
     * @param message what happened and what to look at
     */
    public WorkerCrashedError(String pluginName, long pid, int processReturncode, String message) {
        super(message);
        this.pluginName = pluginName;
        this.pid = pid;
        this.processReturncode = processReturncode;
    }

    /** The plugin or instance whose worker died. */
    public String pluginName() {
        return pluginName;
    }

    /** The worker's process id. */
    public long pid() {
        return pid;
    }

    /** The exit code, or the negative signal number. */
    public int processReturncode() {
        return processReturncode;
    }
}
