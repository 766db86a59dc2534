package dev.cordon.runtime.internal.monitor;

import dev.cordon.api.error.PluginFatalError;

/**
 * A monitor plugin answered with JSON that is not the original {@code SystemStats} or {@code ProcessStats} shape.
 * The message names the plugin, the endpoint and the JSON path of the first thing wrong.
 */
public final class MalformedStatsError extends PluginFatalError {

    private static final long serialVersionUID = 1L;

    private final String jsonPath;

    MalformedStatsError(String source, String jsonPath, String problem) {
        super(source + " is malformed at " + jsonPath + ": " + problem + "; a monitor plugin must answer in the"
                + " original SystemStats / ProcessStats shape (see docs/plugin-authoring.md, 'Monitor plugins')");
        this.jsonPath = jsonPath;
    }

    /** Where in the answer the problem is, for example {@code $.memory_available_mb}. */
    public String jsonPath() {
        return jsonPath;
    }
}
