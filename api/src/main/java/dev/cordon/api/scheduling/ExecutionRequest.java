package dev.cordon.api.scheduling;

import dev.cordon.api.model.ResourceRequirements;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One execution of a plugin instance that asks a {@link ResourceScheduler} for permission to start.
 *
 * @param pluginName the plugin's name, for messages
 * @param instanceId the instance that will run the execution
 * @param requirements what the plugin declared it needs
 * @param workerPid the instance's worker process, when it runs already; a scheduler measures what the worker
 *     has taken so far so that a reservation is not counted twice once the worker really uses the memory
 */
public record ExecutionRequest(
        String pluginName, String instanceId, ResourceRequirements requirements, OptionalLong workerPid) {

    /** Rejects missing names; a {@code null} requirement reads as {@link ResourceRequirements#NONE}. */
    public ExecutionRequest {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(instanceId, "instanceId");
        requirements = Objects.requireNonNullElse(requirements, ResourceRequirements.NONE);
        workerPid = Objects.requireNonNullElse(workerPid, OptionalLong.empty());
    }

    /** A request for an instance whose worker is not known to the caller. */
    public ExecutionRequest(String pluginName, String instanceId, ResourceRequirements requirements) {
        this(pluginName, instanceId, requirements, OptionalLong.empty());
    }

    /** {@code plugin 'name' (instance 'id')}, the way messages name the execution. */
    public String describe() {
        return "plugin '" + pluginName + "' (instance '" + instanceId + "')";
    }
}
