package dev.cordon.api.host;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The live state of one loaded instance and its worker process.
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
 * @param cpuPercent the CPU use of the worker's process tree (100 = one core), when a system monitor measured it
 * @param rssMb the resident memory of the worker's process tree in MB, when a system monitor measured it
 */
public record InstanceStats(
        String instanceId,
        String pluginName,
        long pid,
        int port,
        String url,
        boolean alive,
        boolean enabled,
        boolean disablePending,
        Optional<Instant> onDisableRanAt,
        int inFlight,
        int calls,
        OptionalInt maxConcurrentRequests,
        String configHash,
        Instant createdAt,
        Optional<Instant> lastExecuted,
        Path logFile,
        OptionalDouble cpuPercent,
        OptionalDouble rssMb) {

    /** Requires the identity; absent optionals are empty. */
    public InstanceStats {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(pluginName, "pluginName");
        onDisableRanAt = Objects.requireNonNullElse(onDisableRanAt, Optional.empty());
        maxConcurrentRequests = Objects.requireNonNullElse(maxConcurrentRequests, OptionalInt.empty());
        lastExecuted = Objects.requireNonNullElse(lastExecuted, Optional.empty());
        cpuPercent = Objects.requireNonNullElse(cpuPercent, OptionalDouble.empty());
        rssMb = Objects.requireNonNullElse(rssMb, OptionalDouble.empty());
    }
}
