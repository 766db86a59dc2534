package dev.cordon.runtime.internal.manager;

import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import java.util.Optional;
import java.util.OptionalDouble;

/** The live view of a loaded instance: its worker, calls and hooks, with CPU and RSS from the system monitor. */
final class InstanceStatsReader {

    private InstanceStatsReader() {}

    /** The stats of {@code s}; CPU and RSS are empty when {@code monitor} is {@code null} or cannot see the worker. */
    static InstanceStats read(LoadedInstance s, SystemMonitor monitor) {
        Optional<ProcessUsage> usage = monitor == null
                ? Optional.empty()
                : monitor.processUsage(s.handle().pid());
        PluginInstance view = s.view();
        // A dead worker is not an enabled one: the instance takes calls again once its next call has replaced it.
        boolean alive = s.handle().isAlive();
        return new InstanceStats(
                s.id(),
                s.pluginName(),
                s.handle().pid(),
                s.handle().url().getPort(),
                s.handle().url().toString(),
                alive,
                alive && s.enabled(),
                s.disablePending(),
                s.onDisableRanAt(),
                s.inFlight(),
                s.calls(),
                s.maxConcurrent(),
                view.configHash(),
                s.createdAt(),
                view.lastExecuted(),
                s.handle().logFile(),
                usage.map(u -> OptionalDouble.of(u.cpuPercent())).orElse(OptionalDouble.empty()),
                usage.map(u -> OptionalDouble.of(u.rssMb())).orElse(OptionalDouble.empty()));
    }
}
