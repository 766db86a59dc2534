package dev.cordon.runtime.internal.manager;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The live state of one loaded instance, for operators ({@code cordon:stats}).
 *
 * @param instanceId the instance
 * @param pluginName its plugin
 * @param pid the worker's process id
 * @param port the worker's port on loopback
 * @param url the worker's base URL
 * @param alive whether the worker process runs
 * @param enabled whether calls are accepted
 * @param disablePending whether {@code on_disable} waits for in-flight calls
 * @param onDisableRanAt when {@code on_disable} last ran, if it did
 * @param inFlight calls running now
 * @param calls calls finished since the worker started
 * @param maxConcurrentRequests the cap on concurrent calls, if any
 * @param configHash the config's hash
 * @param createdAt when the worker was started
 * @param lastExecuted when a call last finished, if ever
 * @param logFile the worker's log
 */
public record InstanceStats(String instanceId, String pluginName, long pid, int port, String url, boolean alive,
        boolean enabled, boolean disablePending, Optional<Instant> onDisableRanAt, int inFlight, int calls,
        OptionalInt maxConcurrentRequests, String configHash, Instant createdAt, Optional<Instant> lastExecuted,
        Path logFile) {

    static InstanceStats of(LoadedInstance s) {
        var view = s.view();
        return new InstanceStats(s.id, s.pluginName(), s.handle.pid(), s.handle.url().getPort(),
                s.handle.url().toString(), s.handle.isAlive(), s.enabled(), s.disablePending(), s.onDisableRanAt(),
                s.inFlight(), s.calls(), s.maxConcurrent(), s.configHash, s.createdAt, view.lastExecuted(),
                s.handle.logFile());
    }
}
