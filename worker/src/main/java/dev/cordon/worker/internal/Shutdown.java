package dev.cordon.worker.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The worker's stop, the same whatever asked for it (SIGTERM or SIGINT through the shutdown hook, the host's death
 * through {@link HostWatch}), run once: new requests are refused (503), running calls are cancelled and their
 * answers (a result or a typed error) written, the plugin's {@code cleanup()} runs unless {@code /cleanup} ran it,
 * the plugin's child processes are killed, every connection is closed and the I/O threads end, and the JVM halts.
 * Each wait ends as soon as what it waits for is done; the bounds are only for a plugin that does not end.
 *
 * <p>Nothing may be left blocked in the kernel at the halt: the JVM's exit waits up to 300 ms for such threads. So
 * the event loops are shut down without a quiet period and awaited, and the standard-input watch is taken out of its
 * read ({@link HostWatch#shuttingDown}).
 */
final class Shutdown {

    /** How long running calls get to end after their cancellation, and cleanup to get the plugin's lock. */
    static final long GRACE_MILLIS = 2000;

    private static final long CLOSE_MILLIS = 1000;

    private final PluginRunner host;
    private final WorkerServer server;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch halted = new CountDownLatch(1);

    Shutdown(PluginRunner host, WorkerServer server) {
        this.host = host;
        this.server = server;
    }

    /** Stops the worker and halts the JVM with {@code status}; a second caller waits for the first one's halt. */
    void run(int status) {
        if (!started.compareAndSet(false, true)) {
            try {
                // The first stop halts the JVM; returning early would let a shutdown hook end the JVM under it.
                halted.await(GRACE_MILLIS * 2 + CLOSE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        long start = System.nanoTime();
        HostWatch.shuttingDown();
        WorkerLog.info("stopping: cleanup() then exit");
        server.stopTaking();
        host.cancelAll();
        if (!server.awaitAnswered(GRACE_MILLIS)) {
            WorkerLog.warn("calls still unanswered after " + GRACE_MILLIS + " ms; stopping anyway");
        }
        host.cleanupAtStop(GRACE_MILLIS);
        ProcessTree.killDescendants();
        server.close(CLOSE_MILLIS);
        WorkerLog.info(
                "stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms; exit " + status);
        WorkerLog.flush();
        halted.countDown();
        Runtime.getRuntime().halt(status);
    }
}
