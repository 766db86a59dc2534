package dev.cordon.runtime.internal.monitor;

import dev.cordon.api.scheduling.GpuProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads a monitor plugin's {@code /list_processes} answer: a list of the original {@code ProcessStats} dicts,
 * {@code {"pid": int, "gpu_index": int, "gpu_memory_mb": float, "command": str}}.
 *
 * <p>{@code pid} is required. An entry whose {@code gpu_index} is absent or negative (the original's -1: not on a
 * GPU, or unknown) holds no GPU memory and is left out. {@code gpu_memory_mb} is rounded to whole MB; absent or
 * {@code null}, it reads as not reported (empty), never as zero.
 */
final class ProcessStats {

    private ProcessStats() {}

    /**
     * The GPU processes of the answer, in its order.
     *
     * @param source what answered, for messages
     * @throws MalformedStatsError if the answer is not the shape above
     */
    static List<GpuProcess> parse(Object answer, String source) {
        StatsJson json = new StatsJson(source);
        List<?> entries = json.list(answer, "$");
        List<GpuProcess> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "$[" + i + "]";
            Map<String, Object> entry = json.object(entries.get(i), path);
            OptionalLong pid = json.optionalInteger(entry, "pid", path);
            if (pid.isEmpty() || pid.getAsLong() <= 0) {
                throw json.malformed(
                        path + ".pid",
                        pid.isEmpty()
                                ? "missing; expected a process id"
                                : "expected a process id above 0, got " + pid.getAsLong());
            }
            OptionalLong gpu = json.optionalInteger(entry, "gpu_index", path);
            if (gpu.isEmpty() || gpu.getAsLong() < 0) {
                continue;
            }
            if (gpu.getAsLong() > 9999) {
                throw json.malformed(path + ".gpu_index", "expected a GPU index below 10000, got " + gpu.getAsLong());
            }
            OptionalDouble memory = json.optionalQuantity(entry, "gpu_memory_mb", path);
            out.add(new GpuProcess(
                    pid.getAsLong(),
                    (int) gpu.getAsLong(),
                    memory.isPresent() ? OptionalLong.of(Math.round(memory.getAsDouble())) : OptionalLong.empty()));
        }
        return out;
    }
}
