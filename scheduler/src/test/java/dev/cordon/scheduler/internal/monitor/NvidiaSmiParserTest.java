package dev.cordon.scheduler.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.GpuProcess;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NvidiaSmiParserTest {

    private static final String UUID_0 = "GPU-5f3b2c1a-8e7d-4c2b-9a1f-3d6e0b7c4a21";
    private static final String UUID_1 = "GPU-9c0d7e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

    @Test
    void readsOneGpu() {
        assertThat(NvidiaSmiParser.gpus(Fixtures.text("nvidia-smi/gpus-one.csv")))
                .containsExactly(new GpuInfo(
                        0,
                        UUID_0,
                        "NVIDIA",
                        "NVIDIA GeForce RTX 4090",
                        OptionalLong.of(24564),
                        OptionalLong.of(23364),
                        OptionalLong.of(1200),
                        OptionalDouble.of(87)));
    }

    @Test
    void readsTwoGpusInIndexOrder() {
        List<GpuInfo> gpus = NvidiaSmiParser.gpus(Fixtures.text("nvidia-smi/gpus-two.csv"));

        assertThat(gpus).extracting(GpuInfo::index).containsExactly(0, 1);
        assertThat(gpus.get(1).uuid()).isEqualTo(UUID_1);
        assertThat(gpus.get(1).memoryFreeMb()).hasValue(16920);
        assertThat(gpus.get(1).utilizationPercent()).hasValue(98);
    }

    @Test
    void readsNotAvailableValuesAsAbsentNeverAsZero() {
        GpuInfo gpu =
                NvidiaSmiParser.gpus(Fixtures.text("nvidia-smi/gpus-na.csv")).get(0);

        assertThat(gpu.memoryTotalMb()).hasValue(4096);
        assertThat(gpu.memoryUsedMb()).isEmpty();
        assertThat(gpu.memoryFreeMb()).isEmpty();
        assertThat(gpu.utilizationPercent()).isEmpty();
    }

    @Test
    void keepsCommasInsideAModelName() {
        List<GpuInfo> gpus = NvidiaSmiParser.gpus("3, GPU-abc, Tesla K80, rev 2, 11441, 0, 11441, 0\n");

        assertThat(gpus).singleElement().satisfies(g -> {
            assertThat(g.index()).isEqualTo(3);
            assertThat(g.name()).isEqualTo("Tesla K80, rev 2");
            assertThat(g.memoryTotalMb()).hasValue(11441);
        });
    }

    @Test
    void readsNoGpuFromADriverErrorOrGarbage() {
        assertThat(NvidiaSmiParser.gpus(Fixtures.text("nvidia-smi/garbage-driver-failed.txt")))
                .isEmpty();
        assertThat(NvidiaSmiParser.gpus(Fixtures.text("nvidia-smi/garbage-mixed.txt")))
                .isEmpty();
        assertThat(NvidiaSmiParser.gpus("")).isEmpty();
    }

    @Test
    void readsProcessesAndMapsEachToItsGpuIndex() {
        List<GpuProcess> processes =
                NvidiaSmiParser.processes(Fixtures.text("nvidia-smi/apps-two.csv"), Map.of(UUID_0, 0, UUID_1, 1));

        assertThat(processes)
                .containsExactly(
                        new GpuProcess(31337, 0, OptionalLong.of(7800)),
                        new GpuProcess(31338, 1, OptionalLong.of(1024)),
                        new GpuProcess(4242, 1, OptionalLong.empty()));
    }

    @Test
    void readsNoProcessesFromAnEmptyAnswerOrAnUnknownGpu() {
        assertThat(NvidiaSmiParser.processes(Fixtures.text("nvidia-smi/apps-none.csv"), Map.of(UUID_0, 0)))
                .isEmpty();
        assertThat(NvidiaSmiParser.processes(Fixtures.text("nvidia-smi/apps-two.csv"), Map.of()))
                .isEmpty();
        assertThat(NvidiaSmiParser.processes("No running processes found\n", Map.of(UUID_0, 0)))
                .isEmpty();
    }

    @Property
    void neverFailsOnArbitraryOutput(@ForAll String output) {
        List<GpuInfo> gpus = NvidiaSmiParser.gpus(output);
        NvidiaSmiParser.processes(output, Map.of("GPU-x", 0));

        assertThat(gpus).allSatisfy(g -> {
            assertThat(g.index()).isNotNegative();
            assertThat(g.memoryFreeMb().orElse(0)).isNotNegative();
        });
    }
}
