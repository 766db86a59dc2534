package dev.cordon.api.error;

import java.util.List;

/**
 * No plugin of the given name is discovered: {@code user_input}. Carries the discovered names closest to the one
 * asked for, so that a typo can be told from a plugin that is not installed.
 */
public final class PluginNotFoundError extends PluginInputError {

    private static final long serialVersionUID = 1L;

    private final String pluginName;
    private final List<String> closest;

    /**
     * @param pluginName the name asked for
     * @param closest discovered names close to it, best first; may be empty
     * @param where where manifests are looked for, for the message
     */
    public PluginNotFoundError(String pluginName, List<String> closest, String where) {
        super(
                "No plugin named '" + pluginName + "'"
                        + (closest.isEmpty() ? "." : "; did you mean " + quoted(closest) + "?")
                        + " To add one, put its manifest into " + where
                        + " (cordon:plugins lists the discovered ones)",
                List.of("plugin"),
                null);
        this.pluginName = pluginName;
        this.closest = List.copyOf(closest);
    }

    private static String quoted(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : i == names.size() - 1 ? " or " : ", ")
                    .append('\'')
                    .append(names.get(i))
                    .append('\'');
        }
        return sb.toString();
    }

    /** The name that was asked for. */
    public String pluginName() {
        return pluginName;
    }

    /** Discovered names close to {@link #pluginName()}, best first. */
    public List<String> closest() {
        return closest;
    }
}
