package dev.cordon.api.host;

import java.time.Instant;
import java.util.Objects;

/**
 * A call that failed with a resource error (out of memory, VRAM or disk) and runs again on a fresh worker: what
 * {@link PluginManager#onRetry} listeners hear, before the retry starts.
 *
 * @param instanceId the instance the call runs on
 * @param attempt the retry about to run, from 1
 * @param maxRetries how many retries a call may get
 * @param reason the failure that caused it, as its message
 * @param at when the retry was decided
 */
public record CallRetry(String instanceId, int attempt, int maxRetries, String reason, Instant at) {

    /** Requires every component. */
    public CallRetry {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
