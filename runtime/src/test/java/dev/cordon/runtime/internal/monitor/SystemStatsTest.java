package dev.cordon.runtime.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.protocol.json.PlainJson;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystemStatsTest {

    private static final String SOURCE = "plugin 'sysmon' /get_system_status";

    private static SystemStats parse(String json) {
        return SystemStats.parse(PlainJson.parse(json), SOURCE);
    }

    /** The original NVIDIA monitor's answer on a machine with two GPUs (memory in MB, as nvidia-smi reports it). */
    private static final String TWO_GPUS = """
            {"cpu_percent": 12.5, "memory_used_mb": 20000.4, "memory_total_mb": 64302.9,
             "memory_available_mb": 40100.7, "gpu_type": "NVIDIA", "gpu_free_memory_mb": 30000.0,
             "gpu_total_memory_mb": 48000.0, "gpu_used_memory_mb": 18000.0, "gpu_load_percent": 87.0,
             "details": {"available": true, "type": "NVIDIA", "processes": [],
                         "details": {"gpu_0": {"name": "NVIDIA GeForce RTX 4090", "memory_total": 24000,
                                               "memory_used": 16000, "memory_free": 8000, "utilization": 87},
                                     "gpu_1": {"name": "NVIDIA GeForce RTX 4090", "memory_total": 24000,
                                               "memory_used": 2000, "memory_free": 22000, "utilization": 3}}}}
            """;

    @Test
    void ramIsReadInMegabytesRoundedDown() {
        SystemStats stats = parse(TWO_GPUS);

        assertThat(stats.ramTotalMb()).isEqualTo(64_302);
        assertThat(stats.ramAvailableMb()).isEqualTo(40_100);
        assertThat(stats.cpuCount()).isEmpty();
        assertThat(stats.loadAverage()).isEmpty();
    }

    @Test
    void perDeviceDetailsGiveOneGpuEachAndTheAggregateIsIgnored() {
        assertThat(parse(TWO_GPUS).gpus())
                .containsExactly(
                        new GpuInfo(
                                0,
                                "gpu_0",
                                "NVIDIA",
                                "NVIDIA GeForce RTX 4090",
                                OptionalLong.of(24_000),
                                OptionalLong.of(16_000),
                                OptionalLong.of(8000),
                                OptionalDouble.of(87)),
                        new GpuInfo(
                                1,
                                "gpu_1",
                                "NVIDIA",
                                "NVIDIA GeForce RTX 4090",
                                OptionalLong.of(24_000),
                                OptionalLong.of(2000),
                                OptionalLong.of(22_000),
                                OptionalDouble.of(3)));
    }

    @Test
    void withoutDetailsTheAggregateStandsForAllGpusAsIndexZero() {
        SystemStats stats = parse("""
                {"cpu_percent": 1.0, "memory_used_mb": 1, "memory_total_mb": 8000, "memory_available_mb": 6000,
                 "gpu_type": "NVIDIA", "gpu_free_memory_mb": 30000.9, "gpu_total_memory_mb": 48000.0,
                 "gpu_used_memory_mb": 18000.0, "gpu_load_percent": 40.5}
                """);

        assertThat(stats.gpus())
                .containsExactly(new GpuInfo(
                        0,
                        "aggregate",
                        "NVIDIA",
                        "NVIDIA (all GPUs, aggregated)",
                        OptionalLong.of(48_000),
                        OptionalLong.of(18_000),
                        OptionalLong.of(30_000),
                        OptionalDouble.of(40.5)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"gpu_type\": \"None\", \"gpu_free_memory_mb\": 0.0, \"gpu_total_memory_mb\": 0.0, \"gpu_load_percent\": 0.0",
                "\"gpu_type\": null",
                "\"gpu_type\": \"\"",
                "\"cpu_percent\": 3.0",
                "\"gpu_type\": \"NVIDIA\", \"gpu_total_memory_mb\": 8000, \"details\": {\"available\": false}"
            })
    void aMachineWithoutGpuReportsNoGpuNeverAGpuOfZeros(String gpuFields) {
        SystemStats stats = parse("{\"memory_total_mb\": 8000, \"memory_available_mb\": 6000, " + gpuFields + "}");

        assertThat(stats.gpus()).isEmpty();
    }

    @Test
    void memoryTheDriverDidNotReportIsAbsentNotZero() {
        SystemStats stats = parse("""
                {"memory_total_mb": 8000, "memory_available_mb": 6000, "gpu_type": "NVIDIA",
                 "details": {"available": true, "type": "NVIDIA",
                             "details": {"gpu_0": {"name": "Tesla T4", "memory_total": 0, "memory_used": 0,
                                                   "memory_free": 0, "utilization": 5}}}}
                """);

        GpuInfo gpu = stats.gpus().get(0);
        assertThat(gpu.memoryTotalMb()).isEmpty();
        assertThat(gpu.memoryFreeMb()).isEmpty();
        assertThat(gpu.memoryUsedMb()).isEmpty();
        assertThat(gpu.utilizationPercent()).hasValue(5);
        assertThat(parse("{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"gpu_type\": \"AMD\"}")
                        .gpus())
                .singleElement()
                .satisfies(g -> {
                    assertThat(g.vendor()).isEqualTo("AMD");
                    assertThat(g.memoryFreeMb()).isEmpty();
                    assertThat(g.utilizationPercent()).isEmpty();
                });
    }

    @Test
    void cordonsAdditionsAreReadWhenPresent() {
        SystemStats stats = parse("""
                {"memory_total_mb": 8000, "memory_available_mb": 6000, "cpu_count": 16,
                 "load_average": [1.5, 0.75, 0.25]}
                """);

        assertThat(stats.cpuCount()).isEqualTo(OptionalInt.of(16));
        assertThat(stats.loadAverage()).containsExactly(1.5, 0.75, 0.25);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[]|$|expected an object, got an array",
                "{\"memory_available_mb\": 1}|$.memory_total_mb|missing",
                "{\"memory_total_mb\": \"8 GB\", \"memory_available_mb\": 1}|$.memory_total_mb|got the string \"8 GB\"",
                "{\"memory_total_mb\": 100, \"memory_available_mb\": -1}|$.memory_available_mb|at least 0, got long -1",
                "{\"memory_total_mb\": 100, \"memory_available_mb\": 200}|$.memory_available_mb|exceeds memory_total_mb 100 MB",
                "{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"gpu_type\": 3}|$.gpu_type|expected a string",
                "{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"gpu_type\": \"NVIDIA\", \"gpu_free_memory_mb\": true,"
                        + " \"gpu_total_memory_mb\": 10}|$.gpu_free_memory_mb|got boolean true",
                "{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"details\": {\"details\": {\"gpu_0\": 5}}}"
                        + "|$.details.details.gpu_0|expected an object",
                "{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"details\": {\"available\": \"yes\"}}"
                        + "|$.details.available|expected true or false",
                "{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"load_average\": [1, 2]}|$.load_average|got 2 values",
                "{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"load_average\": [1, 2, \"x\"]}|$.load_average[2]|"
                        + "got the string \"x\"",
                "{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"cpu_count\": 0}|$.cpu_count|got 0",
                "{\"memory_total_mb\": 1, \"memory_available_mb\": 1, \"cpu_count\": 2.5}|$.cpu_count|expected a whole number"
            })
    void aMalformedAnswerFailsNamingThePluginAndTheJsonPath(String json, String path, String problem) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(
                        MalformedStatsError.class, e -> assertThat(e.jsonPath()).isEqualTo(path))
                .hasMessageStartingWith(SOURCE + " is malformed at " + path + ": ")
                .hasMessageContaining(problem)
                .hasMessageContaining("SystemStats");
    }

    @Test
    void twoDevicesWithOneIndexAreRejected() {
        assertThatThrownBy(() -> parse("""
                {"memory_total_mb": 1, "memory_available_mb": 1,
                 "details": {"details": {"gpu_1": {"name": "a"}, "second": {"name": "b"}}}}
                """))
                .isInstanceOf(MalformedStatsError.class)
                .hasMessageContaining("two devices share one index");
    }

    @Test
    void devicesNamedOtherwiseAreCountedInOrder() {
        List<GpuInfo> gpus = parse("""
                {"memory_total_mb": 1, "memory_available_mb": 1,
                 "details": {"type": "Intel", "details": {"igpu": {"uuid": "GPU-abc", "memory_total": 2048.0,
                                                                   "memory_used": 48.0, "memory_free": null}}}}
                """).gpus();

        assertThat(gpus)
                .containsExactly(new GpuInfo(
                        0,
                        "GPU-abc",
                        "Intel",
                        "Intel",
                        OptionalLong.of(2048),
                        OptionalLong.of(48),
                        OptionalLong.empty(),
                        OptionalDouble.empty()));
    }
}
