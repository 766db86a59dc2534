package dev.cordon.runtime.internal.shell;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.HostResources;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.runtime.internal.monitor.PluginSystemMonitor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code cordon:monitor}: what the machine has free now, as the schedulers see it, and which monitor reads it
 * (the highest-ranked one, followed as monitors come and go: the procfs monitor, or a configured monitor plugin).
 */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=monitor"})
public final class MonitorCommand implements ShellCommands {

    /** The monitor in use and its service properties, swapped together. */
    private record Bound(SystemMonitor monitor, Map<String, Object> properties) {}

    private volatile Bound bound;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMonitor")
    void bindMonitor(SystemMonitor monitor, Map<String, Object> properties) {
        bound = new Bound(monitor, Map.copyOf(properties));
    }

    void unbindMonitor(SystemMonitor monitor) {
        Bound current = bound;
        if (current != null && current.monitor() == monitor) {
            bound = null;
        }
    }

    @Descriptor("show host RAM, CPU load and GPUs as the schedulers see them, and which monitor reads them")
    public String monitor(CommandSession session) {
        boolean json = JsonOption.requested(session);
        Bound current = bound;
        if (current == null) {
            throw new IllegalStateException("No system monitor is registered: is the dev.cordon.scheduler bundle"
                    + " active? (cordon:status lists the bundles)");
        }
        SystemMonitor monitor = current.monitor();
        HostResources host = monitor.host();
        Map<String, Object> source = source(current);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("monitor", source);
            out.put("host", host);
            out.put("gpu_processes", monitor.gpuProcesses());
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Monitor: ").append(source.get("name"));
        if (source.get("plugin") != null) {
            sb.append(", ").append(source.get("plugin"));
        }
        if (source.get("problem") != null) {
            sb.append(" (not answering: ").append(source.get("problem")).append("; the fallback monitor answers)");
        }
        sb.append('\n');
        sb.append(String.format(
                "RAM: %d MB available of %d MB%s%n",
                host.ramAvailableMb(),
                host.ramTotalMb(),
                host.cgroupMemoryLimitMb().isPresent()
                        ? " (cgroup limit " + host.cgroupMemoryLimitMb().getAsLong() + " MB)"
                        : ""));
        sb.append(String.format(
                "CPU: %d cores, load %.2f %.2f %.2f%n",
                host.cpuCount(), host.loadAverage1m(), host.loadAverage5m(), host.loadAverage15m()));
        if (host.gpus().isEmpty()) {
            sb.append("GPUs: none (no nvidia-smi, or it reports no device)\n");
        }
        for (GpuInfo gpu : host.gpus()) {
            sb.append("  GPU ").append(gpu).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** {@code name} (the {@code monitor.name} property); for a monitor plugin, {@code plugin} and {@code problem}. */
    private static Map<String, Object> source(Bound bound) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("name", String.valueOf(bound.properties().getOrDefault("monitor.name", "unnamed")));
        Optional<String> problem = Optional.empty();
        if (bound.monitor() instanceof PluginSystemMonitor plugin) {
            source.put("plugin", plugin.describe());
            problem = plugin.problem();
        } else {
            source.put("plugin", null);
        }
        source.put("problem", problem.orElse(null));
        return source;
    }
}
