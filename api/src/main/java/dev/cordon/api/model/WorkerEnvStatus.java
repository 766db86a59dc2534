package dev.cordon.api.model;

import java.util.Objects;

/**
 * Whether one declared worker environment variable will have a value at spawn, and where it comes from. Never
 * carries a secret's value.
 *
 * @param name the variable
 * @param secret whether its value comes from the secret store
 * @param required whether the plugin needs it
 * @param source where the value comes from
 */
public record WorkerEnvStatus(String name, boolean secret, boolean required, Source source) {

    /** Requires all. */
    public WorkerEnvStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** Whether a value will be injected. */
    public boolean satisfied() {
        return source != Source.UNSET;
    }

    /** Where a worker variable's value comes from, in order of precedence. */
    public enum Source {
        /** The secret store. */
        SECRET_STORE,
        /** An operator's override. */
        OVERRIDE,
        /** The manifest's {@code install.env_vars}. */
        MANIFEST,
        /** The declared default. */
        DEFAULT,
        /** Nowhere: the variable will be absent. */
        UNSET
    }
}
