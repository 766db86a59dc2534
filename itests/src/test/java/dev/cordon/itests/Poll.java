package dev.cordon.itests;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A bounded wait for a condition, for tests that run inside the OSGi framework, where Awaitility's bundle
 * dependencies are not provisioned.
 */
final class Poll {

    private Poll() {}

    /**
     * Evaluates {@code condition} every 20 ms until it is true.
     *
     * @throws AssertionError when it is still false (or still throwing) after {@code timeout}
     */
    static void until(Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "Condition not met within " + timeout.toMillis() + " ms"
                        + (last != null ? "; last error: " + last : ""),
                last);
    }
}
