package dev.cordon.api.error;

import java.util.List;

/**
 * A configuration failed validation: unknown keys, wrong types, violated constraints. {@code user_input},
 * retriable; {@link #fieldsInvalid()} names every offending key or JSON path.
 */
public final class PluginConfigError extends PluginInputError {

    private static final long serialVersionUID = 1L;

    private final String configClassName;

    /**
     * @param message every problem, each with its path, and what to do
     * @param fieldsInvalid the offending keys or paths
     * @param configClassName the config record or schema name the config was checked against, or {@code null}
     */
    public PluginConfigError(String message, List<String> fieldsInvalid, String configClassName) {
        super(message, fieldsInvalid, null);
        this.configClassName = configClassName;
    }

    /** The config record or schema name, or {@code null}. */
    public String configClassName() {
        return configClassName;
    }
}
