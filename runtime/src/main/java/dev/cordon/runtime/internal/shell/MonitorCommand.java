package dev.cordon.runtime.internal.shell;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.HostResources;
import dev.cordon.api.scheduling.SystemMonitor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code cordon:monitor}: what the machine has free now, as the schedulers see it. */
@Component(service = MonitorCommand.class, property = {
    "osgi.command.scope=cordon",
    "osgi.command.function=monitor"
})
public final class MonitorCommand {

    private final SystemMonitor monitor;

    @Activate
    public MonitorCommand(@Reference SystemMonitor monitor) {
        this.monitor = monitor;
    }

    @Descriptor("show host RAM, CPU load and GPUs as the schedulers see them")
    public String monitor(
            @Descriptor("print JSON instead of text")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        HostResources host = monitor.host();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("host", host);
            out.put("gpu_processes", monitor.gpuProcesses());
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("RAM: %d MB available of %d MB%s%n", host.ramAvailableMb(), host.ramTotalMb(),
                host.cgroupMemoryLimitMb().isPresent()
                        ? " (cgroup limit " + host.cgroupMemoryLimitMb().getAsLong() + " MB)" : ""));
        sb.append(String.format("CPU: %d cores, load %.2f %.2f %.2f%n", host.cpuCount(), host.loadAverage1m(),
                host.loadAverage5m(), host.loadAverage15m()));
        if (host.gpus().isEmpty()) {
            sb.append("GPUs: none (no nvidia-smi, or it reports no device)\n");
        }
        for (GpuInfo gpu : host.gpus()) {
            sb.append("  GPU ").append(gpu).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
