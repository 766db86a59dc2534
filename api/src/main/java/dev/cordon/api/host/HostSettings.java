package dev.cordon.api.host;

import java.util.Map;
import java.util.function.Function;

/**
 * The host configuration: one ConfigAdmin configuration, {@value #PID}, whose keys are named like the framework
 * properties they override ({@code cordon.data}, {@code cordon.worker.spares}, …), so that a key set in neither
 * place falls back to the component's default.
 */
public final class HostSettings {

    /** The persistent identity of the host configuration ({@code etc/dev.cordon.host.cfg} in a distribution). */
    public static final String PID = "dev.cordon.host";

    private HostSettings() {}

    /**
     * A key's value from the host configuration when it holds a non-blank one, else from {@code fallback} (the
     * framework properties, typically); {@code null} when neither has it.
     */
    public static Function<String, String> layered(Map<String, ?> configuration, Function<String, String> fallback) {
        Map<String, ?> copy = Map.copyOf(configuration);
        return key -> {
            Object value = copy.get(key);
            return value == null || value.toString().isBlank() ? fallback.apply(key) : value.toString();
        };
    }
}
