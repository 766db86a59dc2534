package dev.cordon.runtime.internal.manager;

import dev.cordon.protocol.json.CanonicalJson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An instance's effective config and its hash, swapped as one value so that no reader pairs a new config with an old
 * hash.
 *
 * @param values the effective config, in the order it was given (a copy)
 * @param hash {@code sha256:<hex>} of the canonical config
 */
record InstanceConfig(Map<String, Object> values, String hash) {

    /** Copies the values; JSON {@code null}s are kept, which {@link Map#copyOf} would refuse. */
    InstanceConfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        Objects.requireNonNull(hash, "hash");
    }

    /** The config with its canonical hash. */
    static InstanceConfig of(Map<String, Object> values) {
        return new InstanceConfig(values, CanonicalJson.hashOf(values));
    }
}
