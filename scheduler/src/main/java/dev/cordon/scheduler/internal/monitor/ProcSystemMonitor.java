package dev.cordon.scheduler.internal.monitor;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.GpuProcess;
import dev.cordon.api.scheduling.HostResources;
import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link SystemMonitor} of a Linux host: RAM and load from procfs, the memory limit of Cordon's control group
 * (v1 or v2), per-process memory and CPU from {@code /proc/<pid>/stat} and {@code status}, and NVIDIA GPUs
 * through {@code nvidia-smi} when it is on the {@code PATH}.
 *
 * <p>Configuration (PID {@code dev.cordon.scheduler.monitor}): {@code nvidia.smi.path} (default: looked up on
 * the {@code PATH}; {@code none} turns GPU monitoring off) and {@code nvidia.smi.timeout.ms} (default 5000),
 * the longest one {@code nvidia-smi} query may run; a query that overruns is killed and no GPU is reported.
 *
 * <p>Limits: inside a container {@code nvidia-smi} may report host pids, which then do not match the
 * container's workers; GPU memory per worker is then absent while the GPUs themselves are still reported.
 */
@Component(
        service = SystemMonitor.class,
        configurationPid = "dev.cordon.scheduler.monitor",
        property = "monitor.name=procfs")
public final class ProcSystemMonitor implements SystemMonitor {

    private static final long KB_PER_MB = 1024;
    private static final long BYTES_PER_MB = 1024 * 1024;

    private final Path procRoot;
    private final Path cgroupRoot;
    private final NvidiaSmi nvidiaSmi;
    private final CpuSampler cpu = new CpuSampler(System::nanoTime);
    private final Clock clock = Clock.systemUTC();

    /** The DS configuration; property names are the method names with {@code _} read as {@code .}. */
    public @interface Config {
        /** Path of {@code nvidia-smi}; empty means look it up on the {@code PATH}, {@code none} means no GPUs. */
        String nvidia_smi_path() default "";

        /** The longest one {@code nvidia-smi} query may run, in milliseconds. */
        long nvidia_smi_timeout_ms() default 5000;
    }

    /** The component: reads {@code /proc} and {@code /sys/fs/cgroup}, as configured. */
    @Activate
    public ProcSystemMonitor(Config config) {
        this(
                Path.of("/proc"),
                Path.of("/sys/fs/cgroup"),
                nvidiaSmiPath(config.nvidia_smi_path()),
                Duration.ofMillis(config.nvidia_smi_timeout_ms()));
    }

    /**
     * A monitor over the given roots, for embedding and tests.
     *
     * @param procRoot where procfs is mounted, normally {@code /proc}
     * @param cgroupRoot where the cgroup filesystem is mounted, normally {@code /sys/fs/cgroup}
     * @param nvidiaSmi the {@code nvidia-smi} to run; empty for a machine without NVIDIA GPUs
     * @param nvidiaSmiTimeout the longest one query may run
     */
    public ProcSystemMonitor(Path procRoot, Path cgroupRoot, Optional<Path> nvidiaSmi, Duration nvidiaSmiTimeout) {
        this.procRoot = procRoot;
        this.cgroupRoot = cgroupRoot;
        this.nvidiaSmi = new NvidiaSmi(nvidiaSmi, nvidiaSmiTimeout);
    }

    /** A monitor of this machine with the defaults: {@code nvidia-smi} from the {@code PATH}, 5 s timeout. */
    public static ProcSystemMonitor ofThisMachine() {
        return new ProcSystemMonitor(
                Path.of("/proc"), Path.of("/sys/fs/cgroup"), nvidiaSmiPath(""), Duration.ofSeconds(5));
    }

    private static Optional<Path> nvidiaSmiPath(String configured) {
        if (configured.isBlank()) {
            return NvidiaSmi.onPath(System.getenv("PATH"));
        }
        return configured.equals("none") ? Optional.empty() : Optional.of(Path.of(configured));
    }

    @Override
    public HostResources host() {
        Meminfo mem = Meminfo.parse(TextFiles.read(procRoot.resolve("meminfo")));
        LoadAverage load = LoadAverage.parse(TextFiles.read(procRoot.resolve("loadavg")));
        long totalMb = mem.totalKb() / KB_PER_MB;
        long availableMb = mem.availableKb() / KB_PER_MB;
        OptionalLong limitMb = OptionalLong.empty();
        Optional<CgroupMemoryLimit> cgroup = CgroupMemoryLimit.read(procRoot, cgroupRoot);
        if (cgroup.isPresent() && cgroup.get().limitBytes() / BYTES_PER_MB < totalMb) {
            limitMb = OptionalLong.of(cgroup.get().limitBytes() / BYTES_PER_MB);
            totalMb = limitMb.getAsLong();
            availableMb = Math.min(availableMb, cgroup.get().availableBytes() / BYTES_PER_MB);
        }
        return new HostResources(
                clock.instant(),
                totalMb,
                Math.min(availableMb, totalMb),
                limitMb,
                Runtime.getRuntime().availableProcessors(),
                load.oneMinute(),
                load.fiveMinutes(),
                load.fifteenMinutes(),
                gpus());
    }

    @Override
    public Optional<ProcessUsage> processUsage(long pid) {
        ProcessTable table = ProcessTable.read(procRoot);
        cpu.retainOnly(table);
        List<ProcStat> tree = table.tree(pid);
        if (tree.isEmpty()) {
            return Optional.empty();
        }
        long rssKb = tree.stream()
                .mapToLong(p -> TextFiles.readIfPresent(procRoot.resolve(p.pid() + "/status"))
                        .map(ProcStatus::rssKb)
                        .orElse(0L))
                .sum();
        double cpuPercent = cpu.percent(tree, uptimeSeconds());
        List<Long> pids = tree.stream().map(ProcStat::pid).collect(Collectors.toList());
        Set<Long> inTree = Set.copyOf(pids);
        List<GpuProcess> gpuMemory = nvidiaSmi.present()
                ? gpuProcesses().stream().filter(p -> inTree.contains(p.pid())).collect(Collectors.toList())
                : List.of();
        return Optional.of(new ProcessUsage(pid, pids, (double) rssKb / KB_PER_MB, cpuPercent, gpuMemory));
    }

    @Override
    public List<GpuProcess> gpuProcesses() {
        List<GpuInfo> gpus = gpus();
        if (gpus.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> indexByUuid = new HashMap<>();
        gpus.forEach(g -> indexByUuid.put(g.uuid(), g.index()));
        return nvidiaSmi
                .queryProcesses()
                .map(csv -> NvidiaSmiParser.processes(csv, indexByUuid))
                .orElse(List.of());
    }

    private List<GpuInfo> gpus() {
        return nvidiaSmi.queryGpus().map(NvidiaSmiParser::gpus).orElse(List.of());
    }

    private double uptimeSeconds() {
        String text = TextFiles.read(procRoot.resolve("uptime")).trim();
        try {
            return Double.parseDouble(text.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    procRoot.resolve("uptime") + " does not start with a number: '" + text + "'", e);
        }
    }
}
