package dev.cordon.installer;

import dev.cordon.api.error.PluginInputError;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The folders of a data folder that installs write: {@code envs/} (one environment per plugin) and
 * {@code manifests/} (one manifest per plugin, where the runtime discovers plugins).
 *
 * @param data the data folder
 */
public record InstallLayout(Path data) {

    /** Plugin names become folder and file names: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Normalizes the data folder to an absolute path. */
    public InstallLayout {
        data = data.toAbsolutePath().normalize();
    }

    /** The folder of every plugin environment. */
    public Path envs() {
        return data.resolve("envs");
    }

    /** The folder the runtime discovers manifests in. */
    public Path manifests() {
        return data.resolve("manifests");
    }

    /** Each plugin's own data folder ({@code CORDON_PLUGIN_DATA_DIR} of its workers). */
    public Path pluginData() {
        return data.resolve("plugin-data");
    }

    /**
     * The environment of the plugin {@code name}.
     *
     * @throws PluginInputError when the name cannot be a folder name
     */
    public PluginEnvironment environment(String name) {
        requireValidName(name);
        return new PluginEnvironment(name, envs().resolve(name), manifests().resolve(name + ".json"));
    }

    /**
     * Checks a plugin name for use as a folder and file name.
     *
     * @throws PluginInputError naming the rule when it is not
     */
    public static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PluginInputError(
                    "'" + name + "' cannot be a plugin name: use letters, digits, '.', '_' and '-', starting with a"
                            + " letter or digit (at most 128 characters)",
                    List.of("name"),
                    null);
        }
    }
}
