package dev.cordon.store.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/** The rules every SecretStore implementation applies to plugin names and secret names. */
public final class SecretKeys {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SecretKeys() {}

    /** {@code pluginName}, when it is not blank. */
    public static String requirePlugin(String pluginName) {
        Objects.requireNonNull(pluginName, "pluginName");
        if (pluginName.isBlank()) {
            throw new IllegalArgumentException("a secret's plugin name must not be blank");
        }
        return pluginName;
    }

    /** {@code key}, when it is a valid environment variable name (the worker reads it as one). */
    public static String requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (!VARIABLE_NAME.matcher(key).matches()) {
            throw new IllegalArgumentException("secret name '" + key
                    + "' is not a valid environment variable name; use letters, digits and _ ([A-Za-z_][A-Za-z0-9_]*)");
        }
        return key;
    }
}
