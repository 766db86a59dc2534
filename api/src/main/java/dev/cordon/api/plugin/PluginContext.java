package dev.cordon.api.plugin;

import java.util.Map;

/**
 * A call's link to its host: cooperative cancellation, progress and usage. The worker supplies one per call and
 * resets nothing across calls, so a cancellation never leaks into the next call.
 *
 * <p>All methods are safe to call from any thread.
 */
public interface PluginContext {

    /** Whether cancellation of this call has been requested. */
    boolean isCancelled();

    /**
     * Returns normally unless cancellation was requested; call it at safe interruption points.
     *
     * @throws dev.cordon.api.error.PluginCancelledError if cancellation was requested
     */
    void checkCancelled();

    /**
     * Registers {@code callback} to run once when cancellation is requested (at once if it already was). Callbacks
     * run in registration order on the thread that requests the cancellation; they must not block, and one that
     * throws is logged and skipped. Closing the returned registration removes the callback.
     */
    Registration onCancel(Runnable callback);

    /**
     * Registers {@code callback} for the extent of a try-with-resources block, for example
     * {@code try (var scope = ctx.cancelScope(process::destroy)) { return process.waitFor(); }}.
     */
    default Registration cancelScope(Runnable callback) {
        return onCancel(callback);
    }

    /**
     * Reports progress; the host polls the latest value.
     *
     * @param progress 0.0 to 1.0, or -1.0 when indeterminate
     * @param message a short status line, may be empty
     */
    void reportProgress(double progress, String message);

    /**
     * Reports measured usage of an external service for this call, by unit name ({@code input_tokens},
     * {@code pages} …). The host sums values per unit without interpreting them; a later report replaces an
     * earlier one within the same call.
     */
    void reportUsage(Map<String, Double> usage);

    /** A removable registration; closing it twice is harmless. */
    interface Registration extends AutoCloseable {
        /** Removes the registration. */
        @Override
        void close();
    }
}
