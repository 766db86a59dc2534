package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginFatalError;

/**
 * A worker answered that it, or its plugin, does not support an endpoint: {@code 404} or {@code 405} (the path is
 * not served, or a monitor endpoint on a plugin that is not a monitor) or {@code 501} (the plugin's method raised
 * {@code NotImplementedError}). Fatal: asking again gives the same answer. The status tells callers that have a
 * fallback for one of these cases which one it is.
 */
public final class UnsupportedEndpointError extends PluginFatalError {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** The answer's status and a message naming the worker, the path and the worker's detail. */
    public UnsupportedEndpointError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** {@code 404}, {@code 405} or {@code 501}. */
    public int status() {
        return status;
    }
}
