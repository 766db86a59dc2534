package dev.cordon.testkit.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.HostResources;
import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.ResourceSnapshot;
import dev.cordon.api.scheduling.SystemMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SystemMonitor} must report about this very machine; each implementation runs it through a
 * subclass. The figures are checked against {@code /proc} read at the same time, with room for what changes
 * between two readings; the processes measured are real children started here.
 */
public abstract class SystemMonitorContract {

    private Process child;

    /** The monitor under test, reading this machine. */
    protected abstract SystemMonitor monitor();

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void reportsThisMachinesMemoryAndCpus() throws IOException {
        Instant before = Instant.now();
        HostResources host = monitor().host();
        long memTotalMb = meminfoMb("MemTotal");

        assertThat(host.timestamp()).isAfterOrEqualTo(before.minusSeconds(1)).isBeforeOrEqualTo(Instant.now());
        assertThat(host.ramTotalMb()).isPositive().isLessThanOrEqualTo(memTotalMb);
        assertThat(host.ramAvailableMb()).isBetween(0L, host.ramTotalMb());
        host.cgroupMemoryLimitMb()
                .ifPresent(limit -> assertThat(host.ramTotalMb()).isLessThanOrEqualTo(limit));
        assertThat(host.cpuCount()).isPositive();
        assertThat(List.of(host.loadAverage1m(), host.loadAverage5m(), host.loadAverage15m()))
                .allSatisfy(load -> assertThat(load).isGreaterThanOrEqualTo(0.0));
    }

    @Test
    void reportsGpusOnlyWithTheirMemoryOrNone() {
        List<GpuInfo> gpus = monitor().host().gpus();
        assertThat(gpus).allSatisfy(gpu -> {
            assertThat(gpu.index()).isGreaterThanOrEqualTo(0);
            gpu.memoryTotalMb().ifPresent(total -> assertThat(total).isPositive());
        });
        assertThat(gpus.stream().map(GpuInfo::index).distinct().count()).isEqualTo(gpus.size());
        assertThat(monitor().gpuProcesses())
                .allSatisfy(p -> assertThat(gpus.stream().map(GpuInfo::index)).contains(p.gpuIndex()));
    }

    @Test
    void measuresAProcessAndItsDescendants() throws Exception {
        child = new ProcessBuilder("/bin/sh", "-c", "sleep 60 & sleep 60 & wait").start();
        long pid = child.pid();
        List<Long> grandchildren = awaitChildren(child, 2);

        Optional<ProcessUsage> usage = monitor().processUsage(pid);
        assertThat(usage).hasValueSatisfying(u -> {
            assertThat(u.pid()).isEqualTo(pid);
            assertThat(u.pids()).first().isEqualTo(pid);
            assertThat(u.pids()).containsAll(grandchildren);
            assertThat(u.rssMb()).isPositive();
            assertThat(u.cpuPercent()).isGreaterThanOrEqualTo(0.0);
        });
    }

    @Test
    void measuresThisProcess() {
        long self = ProcessHandle.current().pid();
        assertThat(monitor().processUsage(self)).hasValueSatisfying(u -> {
            assertThat(u.pid()).isEqualTo(self);
            assertThat(u.rssMb()).isGreaterThan(1.0);
        });
        Optional<ResourceSnapshot> snapshot = monitor().snapshot(self);
        assertThat(snapshot).isPresent();
    }

    @Test
    void aProcessThatIsGoneHasNoUsage() throws Exception {
        child = new ProcessBuilder("/bin/true").start();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long pid = child.pid();
        assertThat(monitor().processUsage(pid)).isEmpty();
        assertThat(monitor().snapshot(pid)).isEmpty();
    }

    private static List<Long> awaitChildren(Process parent, int count) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> parent.children().map(ProcessHandle::pid).toList(), pids -> pids.size() >= count);
    }

    private static long meminfoMb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("/proc/meminfo has no " + field);
    }
}
