package dev.cordon.runtime.internal.jobs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs this host runs now, by id, with the counts admission needs. */
final class RunningJobs {

    private final Map<String, RunningJob> byId = new ConcurrentHashMap<>();

    void add(RunningJob job) {
        byId.put(job.id(), job);
    }

    void remove(RunningJob job) {
        byId.remove(job.id(), job);
    }

    Optional<RunningJob> get(String jobId) {
        return Optional.ofNullable(byId.get(jobId));
    }

    List<RunningJob> all() {
        return List.copyOf(byId.values());
    }

    int size() {
        return byId.size();
    }

    int inLane(String lane) {
        return (int)
                byId.values().stream().filter(r -> r.job().lane().equals(lane)).count();
    }

    int onInstance(String instanceId) {
        return (int) byId.values().stream()
                .filter(r -> r.job().pluginInstanceId().equals(instanceId))
                .count();
    }

    List<RunningJob> onInstanceJobs(String instanceId) {
        return byId.values().stream()
                .filter(r -> r.job().pluginInstanceId().equals(instanceId))
                .toList();
    }
}
