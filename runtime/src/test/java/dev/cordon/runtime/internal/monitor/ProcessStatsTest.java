package dev.cordon.runtime.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.scheduling.GpuProcess;
import dev.cordon.protocol.json.PlainJson;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessStatsTest {

    private static final String SOURCE = "plugin 'sysmon' /list_processes";

    private static List<GpuProcess> parse(String json) {
        return ProcessStats.parse(PlainJson.parse(json), SOURCE);
    }

    @Test
    void gpuProcessesAreReadInWholeMegabytes() {
        assertThat(parse("""
                [{"pid": 4242, "gpu_index": 1, "gpu_memory_mb": 1536.6, "command": "python worker.py"},
                 {"pid": 77, "gpu_index": 0, "gpu_memory_mb": 0.0, "command": "Xorg"}]
                """))
                .containsExactly(
                        new GpuProcess(4242, 1, OptionalLong.of(1537)), new GpuProcess(77, 0, OptionalLong.of(0)));
    }

    @Test
    void processesOnNoGpuAreLeftOutAndUnreportedMemoryIsAbsent() {
        assertThat(parse("""
                [{"pid": 1, "gpu_index": -1, "gpu_memory_mb": 0.0, "command": "init"},
                 {"pid": 2, "name": "kthreadd"},
                 {"pid": 3, "gpu_index": 0, "command": "in a container"},
                 {"pid": 4, "gpu_index": 0, "gpu_memory_mb": null}]
                """))
                .containsExactly(
                        new GpuProcess(3, 0, OptionalLong.empty()), new GpuProcess(4, 0, OptionalLong.empty()));
        assertThat(parse("[]")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}|$|expected an array, got an object",
                "[5]|$[0]|expected an object, got long 5",
                "[{\"gpu_index\": 0}]|$[0].pid|missing",
                "[{\"pid\": 0, \"gpu_index\": 0}]|$[0].pid|above 0, got 0",
                "[{\"pid\": \"12\"}]|$[0].pid|expected a whole number",
                "[{\"pid\": 1, \"gpu_index\": 0.5}]|$[0].gpu_index|expected a whole number",
                "[{\"pid\": 1, \"gpu_index\": 0, \"gpu_memory_mb\": \"1 GB\"}]|$[0].gpu_memory_mb|got the string"
            })
    void aMalformedAnswerFailsNamingTheJsonPath(String json, String path, String problem) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(
                        MalformedStatsError.class, e -> assertThat(e.jsonPath()).isEqualTo(path))
                .hasMessageStartingWith(SOURCE + " is malformed at " + path)
                .hasMessageContaining(problem);
    }
}
