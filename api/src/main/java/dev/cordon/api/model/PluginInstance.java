package dev.cordon.api.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One loaded instance of a plugin, running in its own worker. The default instance's id is the plugin's name.
 *
 * @param instanceId the instance's id, {@code [A-Za-z0-9_-]{1,64}}
 * @param pluginName the plugin it runs
 * @param config the effective config it was initialised with
 * @param configHash {@code sha256:<hex>} of the canonical config
 * @param enabled whether calls are accepted
 * @param createdAt when it was loaded
 * @param lastExecuted when it last ran a call, if ever
 * @param maxConcurrentRequests a cap on concurrent calls, if any
 */
public record PluginInstance(
        String instanceId,
        String pluginName,
        Map<String, Object> config,
        String configHash,
        boolean enabled,
        Instant createdAt,
        Optional<Instant> lastExecuted,
        OptionalInt maxConcurrentRequests) {

    /** The shape every instance id has. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * @throws IllegalArgumentException if the id does not match {@link #ID_PATTERN}
     */
    public PluginInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        if (!ID_PATTERN.matcher(instanceId).matches()) {
            throw new IllegalArgumentException(
                    "Instance id '" + instanceId + "' is invalid: use 1 to 64 letters, digits, '_' or '-'");
        }
        Objects.requireNonNull(pluginName, "pluginName");
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        configHash = Objects.requireNonNullElse(configHash, "");
        Objects.requireNonNull(createdAt, "createdAt");
        lastExecuted = Objects.requireNonNullElse(lastExecuted, Optional.empty());
        maxConcurrentRequests = Objects.requireNonNullElse(maxConcurrentRequests, OptionalInt.empty());
    }
}
