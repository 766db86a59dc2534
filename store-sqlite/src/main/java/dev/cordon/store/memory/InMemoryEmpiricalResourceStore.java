package dev.cordon.store.memory;

import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.ResourceSample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link EmpiricalResourceStore} held in memory; {@link #recordAll} is atomic under the store's lock. */
public final class InMemoryEmpiricalResourceStore implements EmpiricalResourceStore {

    private record Key(String instanceId, String configHash) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byInstance = instanceId.compareTo(other.instanceId);
            return byInstance != 0 ? byInstance : configHash.compareTo(other.configHash);
        }
    }

    private final TreeMap<Key, EmpiricalResourceRecord> records = new TreeMap<>();

    @Override
    public void record(ResourceSample sample) {
        recordAll(List.of(Objects.requireNonNull(sample, "sample")));
    }

    @Override
    public synchronized void recordAll(List<ResourceSample> samples) {
        Map<Key, EmpiricalResourceRecord> folded = new HashMap<>();
        for (ResourceSample s : samples) {
            Key key = new Key(s.instanceId(), s.configHash());
            EmpiricalResourceRecord before = folded.containsKey(key) ? folded.get(key) : records.get(key);
            folded.put(key, before == null ? EmpiricalResourceRecord.first(s) : before.plus(s));
        }
        records.putAll(folded);
    }

    @Override
    public synchronized Optional<EmpiricalResourceRecord> get(String instanceId, String configHash) {
        return Optional.ofNullable(records.get(new Key(instanceId, configHash)));
    }

    @Override
    public synchronized List<EmpiricalResourceRecord> list() {
        return List.copyOf(records.values());
    }

    @Override
    public synchronized List<EmpiricalResourceRecord> listForPlugin(String pluginName) {
        Objects.requireNonNull(pluginName, "pluginName");
        return records.values().stream()
                .filter(r -> r.pluginName().equals(pluginName))
                .toList();
    }

    @Override
    public synchronized boolean delete(String instanceId, String configHash) {
        return records.remove(new Key(instanceId, configHash)) != null;
    }

    @Override
    public synchronized String toString() {
        return "InMemoryEmpiricalResourceStore[" + records.size() + " records]";
    }
}
