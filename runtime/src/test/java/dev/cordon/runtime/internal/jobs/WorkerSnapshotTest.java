package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.GpuProcess;
import dev.cordon.api.scheduling.HostResources;
import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A resource snapshot carries the worker's GPU as the system monitor reads it. This machine has no GPU, so the monitor
 * here is a double behind the {@link SystemMonitor} SPI reporting one; the real procfs monitor is read by the queue's
 * real-worker test ({@code QueueAdmissionIT}).
 */
class WorkerSnapshotTest {

    private static final long PID = 4242;

    private static InstanceStats stats(boolean alive) {
        return new InstanceStats(
                "gpu-plugin",
                "gpu-plugin",
                PID,
                40001,
                "http://127.0.0.1:40001",
                alive,
                true,
                false,
                Optional.empty(),
                1,
                7,
                OptionalInt.empty(),
                "sha256:x",
                Instant.EPOCH,
                Optional.empty(),
                Path.of("gpu-plugin.log"),
                OptionalDouble.of(12.5),
                OptionalDouble.of(300.0));
    }

    /** One NVIDIA GPU of 24,000 MB at 40 % load, on which the worker holds 1,500 MB. */
    private static final SystemMonitor ONE_GPU = new SystemMonitor() {
        @Override
        public HostResources host() {
            return new HostResources(
                    Instant.EPOCH,
                    64_000,
                    32_000,
                    OptionalLong.empty(),
                    8,
                    0.5,
                    0.5,
                    0.5,
                    List.of(new GpuInfo(
                            0,
                            "GPU-1",
                            "NVIDIA",
                            "Test GPU",
                            OptionalLong.of(24_000),
                            OptionalLong.of(1_500),
                            OptionalLong.of(22_500),
                            OptionalDouble.of(40.0))));
        }

        @Override
        public Optional<ProcessUsage> processUsage(long pid) {
            return pid == PID
                    ? Optional.of(new ProcessUsage(
                            PID, List.of(PID), 310.0, 15.0, List.of(new GpuProcess(PID, 0, OptionalLong.of(1_500)))))
                    : Optional.empty();
        }

        @Override
        public List<GpuProcess> gpuProcesses() {
            return List.of(new GpuProcess(PID, 0, OptionalLong.of(1_500)));
        }
    };

    @Test
    void aWorkerOnAGpuHasItsGpuIndexMemoryTypeTotalAndLoadBesideItsCpuAndMemory() {
        Map<String, Object> snapshot = WorkerSnapshot.of(stats(true), ONE_GPU);

        assertThat(snapshot)
                .containsEntry("pid", PID)
                .containsEntry("cpu_percent", 12.5)
                .containsEntry("rss_mb", 300.0)
                .containsEntry("in_flight", 1)
                .containsEntry("gpu_index", 0)
                .containsEntry("gpu_memory_mb", 1_500.0)
                .containsEntry("gpu_type", "NVIDIA")
                .containsEntry("gpu_total_mb", 24_000.0)
                .containsEntry("gpu_load_percent", 40.0);
    }

    @Test
    void withoutAMonitorOrAWorkerTheGpuKeysAreThereAndNull() {
        for (Map<String, Object> snapshot :
                List.of(WorkerSnapshot.of(stats(true), null), WorkerSnapshot.of(stats(false), ONE_GPU))) {
            assertThat(snapshot)
                    .containsEntry("pid", PID)
                    .containsEntry("rss_mb", 300.0)
                    .containsKeys("gpu_index", "gpu_memory_mb", "gpu_type", "gpu_total_mb", "gpu_load_percent");
            assertThat(snapshot.get("gpu_index")).isNull();
            assertThat(snapshot.get("gpu_memory_mb")).isNull();
        }
    }

    @Test
    void aMonitorThatFailsLeavesTheGpuKeysNullAndTheRestOfTheSnapshot() {
        SystemMonitor failing = new SystemMonitor() {
            @Override
            public HostResources host() {
                throw new IllegalStateException("nvidia-smi hung");
            }

            @Override
            public Optional<ProcessUsage> processUsage(long pid) {
                return ONE_GPU.processUsage(pid);
            }

            @Override
            public List<GpuProcess> gpuProcesses() {
                return List.of();
            }
        };

        Map<String, Object> snapshot = WorkerSnapshot.of(stats(true), failing);

        assertThat(snapshot).containsEntry("cpu_percent", 12.5);
        assertThat(snapshot.get("gpu_type")).isNull();
    }
}
