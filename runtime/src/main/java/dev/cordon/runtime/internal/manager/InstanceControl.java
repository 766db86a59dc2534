package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.StatusWord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Operator controls of a loaded instance: the progress and cancel of its running call (which a worker answers at
 * once, so they wait briefly), its concurrency cap, and enabling or disabling it (persisted for the default
 * instance).
 */
final class InstanceControl {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InstanceControl.class);
    /** How long progress and cancel requests, which a worker answers at once, may take. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);

    private final InstanceLifecycle lifecycle;
    private final ConfigRules rules;

    InstanceControl(InstanceLifecycle lifecycle, ConfigRules rules) {
        this.lifecycle = lifecycle;
        this.rules = rules;
    }

    CallProgress progress(String instanceId) {
        Object answer = lifecycle.require(instanceId).client().call(Endpoint.PROGRESS, null, CONTROL_TIMEOUT);
        Map<?, ?> m = answer instanceof Map<?, ?> map ? map : Map.of();
        return new CallProgress(
                m.get("progress") instanceof Number n ? n.doubleValue() : 0.0,
                m.get("message") instanceof String s ? s : "");
    }

    boolean cancel(String instanceId) {
        LoadedInstance s = lifecycle.require(instanceId);
        s.cancelAsked();
        Object answer = s.client().call(Endpoint.CANCEL, null, CONTROL_TIMEOUT);
        boolean cancelled = StatusWord.CANCELLED.in(answer);
        if (!cancelled) {
            LOG.warn("Cancel of instance {} was not taken: {}", instanceId, answer);
        }
        return cancelled;
    }

    PluginInstance setMaxConcurrentRequests(String instanceId, OptionalInt max) {
        if (max.isPresent() && max.getAsInt() < 1) {
            throw new PluginInputError(
                    "A concurrency cap must be at least 1, got " + max.getAsInt(),
                    List.of("max_concurrent_requests"),
                    null);
        }
        LoadedInstance s = lifecycle.require(instanceId);
        s.setCap(max);
        return s.view();
    }

    boolean enable(String instanceId) {
        LoadedInstance s = lifecycle.require(instanceId);
        if (s.enabled()) {
            return false;
        }
        s.enable();
        lifecycle.hook(s, Endpoint.ON_ENABLE);
        rules.persist(s, s.config(), true);
        return true;
    }

    boolean disable(String instanceId) {
        LoadedInstance s = lifecycle.require(instanceId);
        if (!s.enabled()) {
            return false;
        }
        rules.persist(s, s.config(), false);
        s.disable();
        return true;
    }
}
