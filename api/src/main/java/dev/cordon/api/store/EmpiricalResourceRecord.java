package dev.cordon.api.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The running aggregate of every {@link ResourceSample} recorded for one (instance id, config hash)
 * pair, as the original keeps it: counts, Welford running means, the maxima of the peaks, usage summed
 * per unit and the latest observation time. No raw samples are kept.
 *
 * <p>{@link #first} and {@link #plus} are the one definition of the aggregation; every store
 * implementation folds samples through them, so all backends agree to the last bit.
 *
 * @param instanceId          the plugin instance
 * @param pluginName          the plugin of the instance (from the latest sample)
 * @param configHash          the configuration hash
 * @param sampleCount         how many samples were folded in
 * @param successCount        how many of them succeeded
 * @param cpuPercentMean      running mean of {@link ResourceSample#cpuPercent()}
 * @param memoryMbPeakMean    running mean of {@link ResourceSample#memoryMbPeak()}
 * @param memoryMbPeakMax     largest {@link ResourceSample#memoryMbPeak()} seen
 * @param gpuMemoryMbPeakMean running mean of {@link ResourceSample#gpuMemoryMbPeakOrZero()}
 * @param gpuMemoryMbPeakMax  largest {@link ResourceSample#gpuMemoryMbPeakOrZero()} seen
 * @param durationSecondsMean running mean of {@link ResourceSample#durationSeconds()}
 * @param apiUsageTotals      usage summed per unit over all samples, in unit order
 * @param lastObserved        the latest {@link ResourceSample#observedAt()} seen (the maximum, so
 *                            samples folded out of order do not move it back)
 */
public record EmpiricalResourceRecord(
        String instanceId,
        String pluginName,
        String configHash,
        long sampleCount,
        long successCount,
        double cpuPercentMean,
        double memoryMbPeakMean,
        double memoryMbPeakMax,
        double gpuMemoryMbPeakMean,
        double gpuMemoryMbPeakMax,
        double durationSecondsMean,
        Map<String, Double> apiUsageTotals,
        Instant lastObserved) {

    public EmpiricalResourceRecord {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(lastObserved, "lastObserved");
        apiUsageTotals = java.util.Collections.unmodifiableMap(
                new TreeMap<>(Objects.requireNonNull(apiUsageTotals, "apiUsageTotals")));
    }

    /** The aggregate of a single sample. */
    public static EmpiricalResourceRecord first(ResourceSample sample) {
        return new EmpiricalResourceRecord(
                sample.instanceId(),
                sample.pluginName(),
                sample.configHash(),
                1,
                sample.success() ? 1 : 0,
                sample.cpuPercent(),
                sample.memoryMbPeak(),
                sample.memoryMbPeak(),
                sample.gpuMemoryMbPeakOrZero(),
                sample.gpuMemoryMbPeakOrZero(),
                sample.durationSeconds(),
                sample.apiUsage(),
                sample.observedAt());
    }

    /**
     * This aggregate with {@code sample} folded in: Welford update of each mean, maximum of each peak,
     * usage added per unit, and the later of the two observation times.
     *
     * @throws IllegalArgumentException when the sample belongs to another (instance id, config hash)
     */
    public EmpiricalResourceRecord plus(ResourceSample sample) {
        if (!instanceId.equals(sample.instanceId()) || !configHash.equals(sample.configHash())) {
            throw new IllegalArgumentException("sample for (" + sample.instanceId() + ", " + sample.configHash()
                    + ") cannot be folded into the record of (" + instanceId + ", " + configHash + ")");
        }
        long n = sampleCount + 1;
        Map<String, Double> usage = new TreeMap<>(apiUsageTotals);
        sample.apiUsage().forEach((unit, amount) -> usage.merge(unit, amount, Double::sum));
        return new EmpiricalResourceRecord(
                instanceId,
                sample.pluginName(),
                configHash,
                n,
                successCount + (sample.success() ? 1 : 0),
                welford(cpuPercentMean, sample.cpuPercent(), n),
                welford(memoryMbPeakMean, sample.memoryMbPeak(), n),
                Math.max(memoryMbPeakMax, sample.memoryMbPeak()),
                welford(gpuMemoryMbPeakMean, sample.gpuMemoryMbPeakOrZero(), n),
                Math.max(gpuMemoryMbPeakMax, sample.gpuMemoryMbPeakOrZero()),
                welford(durationSecondsMean, sample.durationSeconds(), n),
                usage,
                sample.observedAt().isAfter(lastObserved) ? sample.observedAt() : lastObserved);
    }

    /** {@code successCount / sampleCount}, or 0 when nothing was recorded. */
    public double successRate() {
        return sampleCount == 0 ? 0.0 : (double) successCount / sampleCount;
    }

    private static double welford(double mean, double x, long n) {
        return mean + (x - mean) / n;
    }
}
