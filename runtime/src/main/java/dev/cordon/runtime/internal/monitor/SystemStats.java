package dev.cordon.runtime.internal.monitor;

import dev.cordon.api.scheduling.GpuInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a monitor plugin's {@code /get_system_status} reported, in Cordon's units (whole MB, GPUs one by one).
 *
 * <p>The answer is the original {@code SystemStats} dict: {@code memory_total_mb} and {@code memory_available_mb}
 * (required, MB as floats, rounded down here), {@code memory_used_mb} and {@code cpu_percent} (read by nobody:
 * Cordon's host reading has no place for them), and the GPU fields {@code gpu_type}, {@code gpu_total_memory_mb},
 * {@code gpu_used_memory_mb}, {@code gpu_free_memory_mb} and {@code gpu_load_percent}, which the original sums over
 * all devices. The original monitors also send {@code details}: {@code {"available": bool, "type": vendor,
 * "details": {"gpu_0": {"name", "memory_total", "memory_used", "memory_free", "utilization"}}}} with the devices'
 * memory in MB; when it lists devices, they are reported one by one and the aggregate is ignored.
 *
 * <p>The original writes 0 for what the driver does not report and {@code "None"} for the GPU type of a machine
 * without a GPU. Read here: {@code gpu_type} absent, {@code null}, empty or {@code "None"} (and
 * {@code details.available == false}) means no GPU, never a GPU of zeros; a device whose total memory is 0 or absent
 * has its memory fields absent. Without per-device details, one GPU with index 0 and uuid {@code aggregate} stands
 * for all of them: a VRAM minimum is then compared with the free memory of all devices together.
 *
 * <p>Two keys are Cordon's additions, read when present: {@code cpu_count} (a whole number) and
 * {@code load_average} ({@code [1m, 5m, 15m]}); a plugin in the original shape leaves them out.
 *
 * @param ramTotalMb {@code memory_total_mb}, rounded down
 * @param ramAvailableMb {@code memory_available_mb}, rounded down; at most {@code ramTotalMb}
 * @param cpuCount {@code cpu_count}, when reported
 * @param loadAverage {@code load_average}: three values, or empty when not reported
 * @param gpus the GPUs; empty when the plugin reports none
 */
record SystemStats(
        long ramTotalMb, long ramAvailableMb, OptionalInt cpuCount, List<Double> loadAverage, List<GpuInfo> gpus) {

    private static final Pattern DEVICE_KEY = Pattern.compile("gpu_(\\d{1,4})");
    private static final String AGGREGATE_UUID = "aggregate";

    SystemStats {
        loadAverage = List.copyOf(loadAverage);
        gpus = List.copyOf(gpus);
    }

    /**
     * Reads a {@code /get_system_status} answer.
     *
     * @param source what answered, for messages
     * @throws MalformedStatsError if the answer is not the shape above
     */
    static SystemStats parse(Object answer, String source) {
        StatsJson json = new StatsJson(source);
        Map<String, Object> root = json.object(answer, "$");
        long total = (long) Math.floor(json.quantity(root, "memory_total_mb", "$"));
        long available = (long) Math.floor(json.quantity(root, "memory_available_mb", "$"));
        if (available > total) {
            throw json.malformed(
                    "$.memory_available_mb", available + " MB available exceeds memory_total_mb " + total + " MB");
        }
        OptionalLong cpus = json.optionalInteger(root, "cpu_count", "$");
        if (cpus.isPresent() && (cpus.getAsLong() < 1 || cpus.getAsLong() > 65_536)) {
            throw json.malformed("$.cpu_count", "expected 1 to 65536 processors, got " + cpus.getAsLong());
        }
        return new SystemStats(
                total,
                available,
                cpus.isPresent() ? OptionalInt.of((int) cpus.getAsLong()) : OptionalInt.empty(),
                loadAverage(json, root),
                gpus(json, root));
    }

    private static List<Double> loadAverage(StatsJson json, Map<String, Object> root) {
        Object value = root.get("load_average");
        if (value == null) {
            return List.of();
        }
        List<?> values = json.list(value, "$.load_average");
        if (values.size() != 3) {
            throw json.malformed("$.load_average", "expected [1m, 5m, 15m], got " + values.size() + " values");
        }
        List<Double> out = new ArrayList<>(3);
        for (int i = 0; i < 3; i++) {
            Object v = values.get(i);
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
                throw json.malformed(
                        "$.load_average[" + i + "]", "expected a number of at least 0, got " + StatsJson.describe(v));
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    private static List<GpuInfo> gpus(StatsJson json, Map<String, Object> root) {
        String type = json.optionalString(root, "gpu_type", "$");
        Object detailsValue = root.get("details");
        if (detailsValue != null) {
            Map<String, Object> details = json.object(detailsValue, "$.details");
            Object available = details.get("available");
            if (available != null && !(available instanceof Boolean)) {
                throw json.malformed(
                        "$.details.available", "expected true or false, got " + StatsJson.describe(available));
            }
            if (Boolean.FALSE.equals(available)) {
                return List.of();
            }
            String detailsType = json.optionalString(details, "type", "$.details");
            String vendor = present(detailsType) ? detailsType : present(type) ? type : "unknown";
            Object devices = details.get("details");
            if (devices != null && !json.object(devices, "$.details.details").isEmpty()) {
                return devices(json, json.object(devices, "$.details.details"), vendor);
            }
        }
        if (!present(type)) {
            return List.of();
        }
        OptionalLong totalMb = megabytes(json.optionalQuantity(root, "gpu_total_memory_mb", "$"));
        boolean memoryKnown = totalMb.isPresent() && totalMb.getAsLong() > 0;
        return List.of(new GpuInfo(
                0,
                AGGREGATE_UUID,
                type,
                type + " (all GPUs, aggregated)",
                memoryKnown ? totalMb : OptionalLong.empty(),
                memoryKnown ? megabytes(json.optionalQuantity(root, "gpu_used_memory_mb", "$")) : OptionalLong.empty(),
                memoryKnown ? megabytes(json.optionalQuantity(root, "gpu_free_memory_mb", "$")) : OptionalLong.empty(),
                json.optionalQuantity(root, "gpu_load_percent", "$")));
    }

    private static List<GpuInfo> devices(StatsJson json, Map<String, Object> devices, String vendor) {
        List<GpuInfo> out = new ArrayList<>();
        int position = 0;
        for (Map.Entry<String, Object> e : devices.entrySet()) {
            String path = "$.details.details." + e.getKey();
            Map<String, Object> device = json.object(e.getValue(), path);
            Matcher m = DEVICE_KEY.matcher(e.getKey());
            int index = m.matches() ? Integer.parseInt(m.group(1)) : position;
            position++;
            String name = json.optionalString(device, "name", path);
            String uuid = json.optionalString(device, "uuid", path);
            OptionalLong total = megabytes(json.optionalQuantity(device, "memory_total", path));
            boolean memoryKnown = total.isPresent() && total.getAsLong() > 0;
            OptionalDouble utilization = json.optionalQuantity(device, "utilization", path);
            out.add(new GpuInfo(
                    index,
                    present(uuid) ? uuid : e.getKey(),
                    vendor,
                    present(name) ? name : vendor,
                    memoryKnown ? total : OptionalLong.empty(),
                    memoryKnown ? megabytes(json.optionalQuantity(device, "memory_used", path)) : OptionalLong.empty(),
                    memoryKnown ? megabytes(json.optionalQuantity(device, "memory_free", path)) : OptionalLong.empty(),
                    utilization));
        }
        long distinct = out.stream().mapToInt(GpuInfo::index).distinct().count();
        if (distinct != out.size()) {
            throw json.malformed("$.details.details", "two devices share one index: " + devices.keySet());
        }
        return out;
    }

    private static boolean present(String type) {
        return type != null && !type.isBlank() && !type.equals("None");
    }

    private static OptionalLong megabytes(OptionalDouble value) {
        return value.isPresent() ? OptionalLong.of((long) Math.floor(value.getAsDouble())) : OptionalLong.empty();
    }
}
