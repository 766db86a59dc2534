package dev.cordon.api.error;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong with a submitted composition.
 *
 * @param path where, for example {@code nodes[2].kwargs.text.$ref}
 * @param message what is wrong and how to fix it
 */
public record CompositionProblem(String path, String message) implements Serializable {

    /** Requires both. */
    public CompositionProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
