package dev.cordon.api.plugin;

import java.util.List;
import java.util.Objects;

/**
 * One environment variable a plugin's worker reads at start; the manifest's {@code code.worker_env} entries, with
 * keys {@code name, secret, required, label, description, default, options} in that order.
 *
 * <p>A secret's value comes from the secret store and is never persisted, echoed or logged, so a secret never has
 * a default. A visible variable's value is the operator's override, else the manifest's {@code install.env_vars},
 * else {@code defaultValue}. Values are fixed at spawn: changing one needs a fresh worker.
 *
 * @param name the variable, for example {@code HF_TOKEN}
 * @param secret whether the value comes from the secret store
 * @param required whether the worker cannot do useful work without it
 * @param label a display label, may be empty
 * @param description help text, may be empty
 * @param defaultValue the default of a visible variable, or {@code null}
 * @param options the finite domain of a visible variable, or {@code null}
 */
public record EnvVarSpec(
        String name,
        boolean secret,
        boolean required,
        String label,
        String description,
        String defaultValue,
        List<String> options) {

    /**
     * @throws IllegalArgumentException if the name is empty or a secret declares a default
     */
    public EnvVarSpec {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("An environment variable needs a name");
        }
        if (secret && defaultValue != null) {
            throw new IllegalArgumentException("Secret environment variable " + name
                    + " declares a default; a baked-in secret is a leak, remove the default");
        }
        label = Objects.requireNonNullElse(label, "");
        description = Objects.requireNonNullElse(description, "");
        options = options == null ? null : List.copyOf(options);
    }

    /** A visible, optional variable with no label, description, default or options. */
    public static EnvVarSpec visible(String name) {
        return new EnvVarSpec(name, false, false, "", "", null, null);
    }

    /** A secret variable, required or not, with a display label. */
    public static EnvVarSpec secret(String name, boolean required, String label) {
        return new EnvVarSpec(name, true, required, label, "", null, null);
    }
}
