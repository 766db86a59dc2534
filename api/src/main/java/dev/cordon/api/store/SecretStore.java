package dev.cordon.api.store;

import java.util.List;
import java.util.Optional;

/**
 * Plugin secrets (API keys, tokens), scoped per plugin and named like the environment variable the
 * worker reads them from ({@code [A-Za-z_][A-Za-z0-9_]*}).
 *
 * <p>Values never appear in a {@code toString()}, a log line or an exception message of an
 * implementation; listing returns names only. Implementations are thread-safe. Every method throws
 * {@link StoreException} when the backend fails (for example a secrets file with unsafe permissions),
 * and {@link IllegalArgumentException} for a key that is not a valid variable name.
 */
public interface SecretStore {

    /** Stores {@code value} as secret {@code key} of {@code pluginName}, replacing any earlier value. */
    void set(String pluginName, String key, SecretValue value);

    /** The value of secret {@code key} of {@code pluginName}. For the worker launcher only. */
    Optional<SecretValue> get(String pluginName, String key);

    /** Removes secret {@code key} of {@code pluginName}; true when there was one. */
    boolean delete(String pluginName, String key);

    /** The names of the secrets of {@code pluginName}, sorted; never their values. */
    List<String> names(String pluginName);

    /**
     * The plugins that have at least one stored secret, sorted; installed or not. A store that cannot enumerate
     * its plugins throws {@link UnsupportedOperationException}.
     */
    default List<String> plugins() {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list the plugins it holds secrets of");
    }
}
