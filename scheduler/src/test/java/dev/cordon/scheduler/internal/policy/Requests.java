package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.scheduling.ExecutionRequest;
import java.util.List;
import java.util.OptionalLong;

/** Execution requests for the policy tests. */
final class Requests {

    private Requests() {}

    static ExecutionRequest needing(String instance, boolean gpu, Long ramMb, Long vramMb) {
        return new ExecutionRequest(
                "plugin-" + instance,
                instance,
                new ResourceRequirements(gpu, List.of(), List.of(), optional(ramMb), optional(vramMb)));
    }

    static ExecutionRequest ram(String instance, long ramMb) {
        return needing(instance, false, ramMb, null);
    }

    static ExecutionRequest vram(String instance, long vramMb) {
        return needing(instance, true, null, vramMb);
    }

    static ExecutionRequest onWorker(ExecutionRequest request, long pid) {
        return new ExecutionRequest(
                request.pluginName(), request.instanceId(), request.requirements(), OptionalLong.of(pid));
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
