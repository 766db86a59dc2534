package dev.cordon.scheduler.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.GpuProcess;
import dev.cordon.api.scheduling.HostResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcSystemMonitorTest {

    private static final Path PROC = Path.of("/proc");
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    @TempDir
    Path dir;

    /** An executable standing in for nvidia-smi: prints a recorded output per query, or runs {@code body}. */
    private Path fakeNvidiaSmi(String body) throws IOException {
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private Path answering(String gpusFixture, String appsFixture) throws IOException {
        Files.writeString(dir.resolve("gpus.csv"), Fixtures.text(gpusFixture));
        Files.writeString(dir.resolve("apps.csv"), Fixtures.text(appsFixture));
        return fakeNvidiaSmi("case \"$1\" in\n"
                + "  --query-gpu=index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu) cat " + dir
                + "/gpus.csv ;;\n"
                + "  --query-compute-apps=gpu_uuid,pid,used_memory) cat " + dir + "/apps.csv ;;\n"
                + "  *) exit 2 ;;\nesac");
    }

    @Test
    void readsThisMachinesRamAndLoad() {
        HostResources host = ProcSystemMonitor.ofThisMachine().host();

        assertThat(host.ramTotalMb()).isPositive();
        assertThat(host.ramAvailableMb()).isBetween(0L, host.ramTotalMb());
        assertThat(host.cpuCount()).isPositive();
        assertThat(host.loadAverage1m()).isNotNegative();
    }

    @Test
    void reportsNoGpuOnAMachineWithoutNvidiaSmi() {
        assumeThat(NvidiaSmi.onPath(System.getenv("PATH")))
                .as("nvidia-smi on PATH")
                .isEmpty();

        ProcSystemMonitor monitor = ProcSystemMonitor.ofThisMachine();

        assertThat(monitor.host().gpus()).isEmpty();
        assertThat(monitor.gpuProcesses()).isEmpty();
    }

    @Test
    void reportsTheGpusAndTheirProcessesThatNvidiaSmiPrints() throws IOException {
        ProcSystemMonitor monitor = new ProcSystemMonitor(
                PROC,
                CGROUP,
                Optional.of(answering("nvidia-smi/gpus-two.csv", "nvidia-smi/apps-two.csv")),
                Duration.ofSeconds(10));

        assertThat(monitor.host().gpus()).extracting(GpuInfo::index).containsExactly(0, 1);
        assertThat(monitor.gpuProcesses()).contains(new GpuProcess(31337, 0, OptionalLong.of(7800)));
    }

    @Test
    void reportsNoGpuWhenNvidiaSmiHangsPastItsTimeoutAndKillsIt() throws IOException {
        // A sleep only this test runs (GNU sleep takes a fraction), so it is told from anyone else's.
        String sleep = "sleep 60." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        ProcSystemMonitor monitor = new ProcSystemMonitor(
                PROC, CGROUP, Optional.of(fakeNvidiaSmi("exec " + sleep)), Duration.ofMillis(300));

        assertThat(monitor.host().gpus()).isEmpty();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                                .filter(p -> p.info()
                                        .commandLine()
                                        .map(c -> c.contains(sleep))
                                        .orElse(false))
                                .toList())
                        .isEmpty());
    }

    @Test
    void reportsNoGpuWhenNvidiaSmiFails() throws IOException {
        ProcSystemMonitor monitor = new ProcSystemMonitor(
                PROC,
                CGROUP,
                Optional.of(fakeNvidiaSmi("echo 'Failed to initialize NVML: Driver/library version mismatch'; exit 9")),
                Duration.ofSeconds(10));

        assertThat(monitor.host().gpus()).isEmpty();
    }

    @Test
    void aCgroupLimitBelowTheHostsRamBecomesTheTotal() throws IOException {
        Path proc = dir.resolve("proc");
        Path cgroup = dir.resolve("cgroup");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(cgroup);
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 67108864 kB\nMemAvailable: 60000000 kB\n");
        Files.writeString(proc.resolve("loadavg"), "1.50 1.00 0.50 2/300 999\n");
        Files.writeString(proc.resolve("self/cgroup"), "0::/\n");
        Files.writeString(cgroup.resolve("cgroup.controllers"), "memory\n");
        Files.writeString(cgroup.resolve("memory.max"), String.valueOf(4096L * 1024 * 1024));
        Files.writeString(cgroup.resolve("memory.current"), String.valueOf(1024L * 1024 * 1024));

        HostResources host = new ProcSystemMonitor(proc, cgroup, Optional.empty(), Duration.ofSeconds(1)).host();

        assertThat(host.ramTotalMb()).isEqualTo(4096);
        assertThat(host.ramAvailableMb()).isEqualTo(3072);
        assertThat(host.cgroupMemoryLimitMb()).hasValue(4096);
        assertThat(List.of(host.loadAverage1m(), host.loadAverage5m(), host.loadAverage15m()))
                .containsExactly(1.5, 1.0, 0.5);
    }
}
