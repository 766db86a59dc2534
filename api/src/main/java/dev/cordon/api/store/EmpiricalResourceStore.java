package dev.cordon.api.store;

import java.util.List;
import java.util.Optional;

/**
 * Measured resource usage per (instance id, config hash), aggregated online as samples arrive (see
 * {@link EmpiricalResourceRecord} for the aggregation). Feeds eviction choices, retry decisions and the
 * operator's view of what a plugin costs.
 *
 * <p>Implementations are thread-safe and lose no sample recorded concurrently from many threads. Every
 * method throws {@link StoreException} when the backend fails.
 */
public interface EmpiricalResourceStore {

    /**
     * Folds {@code sample} into the aggregate of its (instance id, config hash), creating the aggregate
     * on the first sample. When this returns, the sample is committed.
     */
    void record(ResourceSample sample);

    /**
     * Folds every sample in {@code samples}, in list order, as one unit: either all of them are
     * committed or, when this throws, none is.
     */
    void recordAll(List<ResourceSample> samples);

    /** The aggregate of (instance id, config hash), or empty when no sample was recorded for it. */
    Optional<EmpiricalResourceRecord> get(String instanceId, String configHash);

    /** Every aggregate, ordered by instance id then config hash. */
    List<EmpiricalResourceRecord> list();

    /** The aggregates whose latest sample named {@code pluginName}, in the order of {@link #list()}. */
    List<EmpiricalResourceRecord> listForPlugin(String pluginName);

    /** Removes the aggregate of (instance id, config hash); true when there was one. */
    boolean delete(String instanceId, String configHash);
}
