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

    /**
     * The jobs that take a slot of the global limit: all but those a forced cancel is stopping, whose worker is killed
     * and whose instance reloads; they give their lane back at once (their instance stays taken, see
     * {@link #reloading}).
     */
    int slots() {
        return (int) byId.values().stream().filter(RunningJob::holdsSlot).count();
    }

    int inLane(String lane) {
        return (int) byId.values().stream()
                .filter(r -> r.holdsSlot() && r.job().lane().equals(lane))
                .count();
    }

    /** Whether a job of this instance is being forced: its worker stopped and the instance reloaded. */
    boolean reloading(String instanceId) {
        return byId.values().stream()
                .anyMatch(r -> !r.holdsSlot() && r.job().pluginInstanceId().equals(instanceId));
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
