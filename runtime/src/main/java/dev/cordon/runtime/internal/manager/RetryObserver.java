package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginResourceError;

/** Hears each reactive retry of a call that failed with a resource error (the job queue counts them). */
@FunctionalInterface
public interface RetryObserver {

    /** Ignores every retry. */
    RetryObserver NONE = (instanceId, attempt, cause) -> {};

    /**
     * The call on {@code instanceId} failed with {@code cause}; its worker is being replaced and the call retried.
     *
     * @param attempt the retry about to run, from 1
     */
    void retrying(String instanceId, int attempt, PluginResourceError cause);
}
