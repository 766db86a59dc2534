package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.scheduling.SchedulingRefusedException;

/** The scheduling policy refused a call even after spares and idle instances were stopped; never retried. */
final class RefusedError extends PluginResourceError {

    private static final long serialVersionUID = 1L;

    RefusedError(SchedulingRefusedException cause) {
        super(cause.getMessage(), null, cause);
    }
}
