package dev.cordon.manifest.archive;

import dev.cordon.api.error.PluginInputError;

/** A plugin that a Java worker could not introspect: it did not load, did not answer in time, or printed no JSON. */
public final class IntrospectionException extends PluginInputError {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, where, with the worker's own words, and what to do
     * @param cause the underlying exception, or {@code null}
     */
    public IntrospectionException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
