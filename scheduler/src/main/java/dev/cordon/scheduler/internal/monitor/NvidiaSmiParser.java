package dev.cordon.scheduler.internal.monitor;

import dev.cordon.api.scheduling.GpuInfo;
import dev.cordon.api.scheduling.GpuProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Parses the CSV that {@code nvidia-smi --format=csv,noheader,nounits} prints for {@link #GPU_QUERY} and
 * {@link #APPS_QUERY}. A value the driver does not report ({@code [N/A]}, {@code [Not Supported]}) becomes
 * empty; a line that is not in the expected shape (a warning, an error text) is skipped.
 */
final class NvidiaSmiParser {

    /** The fields asked of each GPU, in this order. */
    static final String GPU_QUERY = "index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu";

    /** The fields asked of each process holding GPU memory, in this order. */
    static final String APPS_QUERY = "gpu_uuid,pid,used_memory";

    private static final String VENDOR = "NVIDIA";

    private NvidiaSmiParser() {}

    /** One {@link GpuInfo} per well-formed line of the GPU query's output. */
    static List<GpuInfo> gpus(String csv) {
        List<GpuInfo> gpus = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] f = line.split(",", -1);
            if (f.length < 7) {
                continue;
            }
            // A model name may itself hold commas: the two fields before it and the four after it are fixed.
            String name =
                    String.join(",", Arrays.copyOfRange(f, 2, f.length - 4)).trim();
            OptionalLong index = integer(f[0]);
            String uuid = f[1].trim();
            if (index.isEmpty() || uuid.isEmpty() || name.isEmpty()) {
                continue;
            }
            int n = f.length;
            gpus.add(new GpuInfo(
                    (int) index.getAsLong(),
                    uuid,
                    VENDOR,
                    name,
                    integer(f[n - 4]),
                    integer(f[n - 3]),
                    integer(f[n - 2]),
                    decimal(f[n - 1])));
        }
        return List.copyOf(gpus);
    }

    /**
     * One {@link GpuProcess} per well-formed line of the compute-apps query's output; {@code indexByUuid} maps
     * each GPU's uuid to its index, and a line naming an unknown GPU is skipped.
     */
    static List<GpuProcess> processes(String csv, Map<String, Integer> indexByUuid) {
        List<GpuProcess> processes = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] f = line.split(",", -1);
            if (f.length != 3) {
                continue;
            }
            Integer gpu = indexByUuid.get(f[0].trim());
            OptionalLong pid = integer(f[1]);
            if (gpu == null || pid.isEmpty()) {
                continue;
            }
            processes.add(new GpuProcess(pid.getAsLong(), gpu, integer(f[2])));
        }
        return List.copyOf(processes);
    }

    private static OptionalLong integer(String field) {
        try {
            long value = Long.parseLong(field.trim());
            return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalDouble decimal(String field) {
        try {
            double value = Double.parseDouble(field.trim());
            return Double.isFinite(value) && value >= 0 ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
