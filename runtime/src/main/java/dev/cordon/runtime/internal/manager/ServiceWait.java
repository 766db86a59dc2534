package dev.cordon.runtime.internal.manager;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits a bounded time for a service that is momentarily absent. A bundle that is reconfigured, redeployed or started
 * a moment after this one leaves a gap in which its service is not bound; work caught in the gap waits for it rather
 * than failing.
 */
final class ServiceWait {

    /** The longest wait for a service. */
    static final Duration MAX = Duration.ofSeconds(10);

    /** How often an absent service is looked for again. */
    private static final long POLL_MS = 50;

    private ServiceWait() {}

    /** What {@code service} supplies, waiting up to {@code max} while it supplies {@code null}; {@code null} then. */
    static <T> T await(Supplier<T> service, Duration max) {
        T found = service.get();
        long deadline = System.nanoTime() + max.toNanos();
        while (found == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            found = service.get();
        }
        return found;
    }
}
