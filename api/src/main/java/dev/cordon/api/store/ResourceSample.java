package dev.cordon.api.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One observation of a plugin execution, measured after the call ended, keyed by the instance that ran
 * it and the hash of that instance's configuration.
 *
 * @param instanceId        the plugin instance that ran the call
 * @param pluginName        the plugin of that instance (kept so records can be listed per plugin)
 * @param configHash        {@code sha256:<hex>} of the instance's effective configuration
 * @param success           whether the call succeeded
 * @param cpuPercent        the worker's CPU use during the call, in percent of one core
 * @param memoryMbPeak      the worker's peak resident memory, in MB
 * @param gpuMemoryMbPeak   the worker's peak GPU memory in MB; empty when no GPU was used or measured,
 *                          which the aggregate counts as 0 MB (as the original does), so the GPU mean
 *                          is per execution
 * @param durationSeconds   the wall time of the call, in seconds
 * @param apiUsage          usage the plugin reported, by its own unit names ({@code input_tokens},
 *                          {@code pages}, ...); empty for compute-only plugins
 * @param observedAt        when the sample was taken
 * @throws IllegalArgumentException when a measurement is NaN or infinite
 */
public record ResourceSample(
        String instanceId,
        String pluginName,
        String configHash,
        boolean success,
        double cpuPercent,
        double memoryMbPeak,
        OptionalDouble gpuMemoryMbPeak,
        double durationSeconds,
        Map<String, Double> apiUsage,
        Instant observedAt) {

    public ResourceSample {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(gpuMemoryMbPeak, "gpuMemoryMbPeak");
        Objects.requireNonNull(observedAt, "observedAt");
        apiUsage = Map.copyOf(Objects.requireNonNull(apiUsage, "apiUsage"));
        requireFinite("cpuPercent", cpuPercent);
        requireFinite("memoryMbPeak", memoryMbPeak);
        requireFinite("durationSeconds", durationSeconds);
        gpuMemoryMbPeak.ifPresent(v -> requireFinite("gpuMemoryMbPeak", v));
        apiUsage.forEach((unit, amount) -> requireFinite("apiUsage." + unit, amount));
    }

    private static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "resource sample field " + field + " must be a finite number, was " + value);
        }
    }

    /** The GPU peak the aggregate folds in: the measured value, or 0 MB when there was none. */
    public double gpuMemoryMbPeakOrZero() {
        return gpuMemoryMbPeak.orElse(0.0);
    }
}
