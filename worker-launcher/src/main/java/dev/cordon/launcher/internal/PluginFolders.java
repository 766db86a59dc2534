package dev.cordon.launcher.internal;

import dev.cordon.api.model.RuntimeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The folders a worker is told about: its plugin's own data folder ({@code CORDON_PLUGIN_DATA_DIR},
 * {@code <root>/<plugin>}, created owner-only at launch) and the models folder every plugin shares
 * ({@code CORDON_MODELS_DIR}). Workers of the original library ({@code cjm}) also get the names it reads:
 * {@code CJM_DATA_DIR} and {@code CJM_PLUGIN_DATA_DIR} (its plugin data folder, which the original shares between
 * plugins: the root) and {@code CJM_MODELS_DIR}.
 *
 * @param pluginDataRoot the folder holding one data folder per plugin, or empty for none
 * @param modelsDir the shared models folder, or empty for none
 */
public record PluginFolders(Optional<Path> pluginDataRoot, Optional<Path> modelsDir) {

    /** No folders: no variables. */
    public static final PluginFolders NONE = new PluginFolders(Optional.empty(), Optional.empty());

    /** Normalizes the paths. */
    public PluginFolders {
        pluginDataRoot = pluginDataRoot.map(p -> p.toAbsolutePath().normalize());
        modelsDir = modelsDir.map(p -> p.toAbsolutePath().normalize());
    }

    /**
     * From {@code cordon.worker.plugin.data.dir} and {@code cordon.worker.models.dir}, defaulting to
     * {@code <cordon.data>/plugin-data} and {@code <cordon.data>/models}; {@code none} turns one off.
     */
    static PluginFolders of(String pluginData, String models, String data) {
        return new PluginFolders(folder(pluginData, data, "plugin-data"), folder(models, data, "models"));
    }

    private static Optional<Path> folder(String configured, String data, String name) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim().equals("none") ? Optional.empty() : Optional.of(Path.of(configured.trim()));
        }
        return data == null || data.isBlank() ? Optional.empty() : Optional.of(Path.of(data.trim(), name));
    }

    /**
     * The variables of a worker of {@code plugin}, creating its data folder (mode 0700) and the models folder.
     *
     * @throws UncheckedIOException naming the folder that cannot be created
     */
    public Map<String, String> variables(String plugin, RuntimeKind runtime) {
        Map<String, String> env = new LinkedHashMap<>();
        pluginDataRoot.ifPresent(root -> {
            Path own = root.resolve(plugin).normalize();
            if (!own.getParent().equals(root)) {
                throw new IllegalArgumentException("Plugin name '" + plugin + "' cannot name a data folder");
            }
            create(own, true);
            env.put("CORDON_PLUGIN_DATA_DIR", own.toString());
            if (runtime == RuntimeKind.CJM) {
                env.put("CJM_DATA_DIR", root.toString());
                env.put("CJM_PLUGIN_DATA_DIR", root.toString());
            }
        });
        modelsDir.ifPresent(models -> {
            create(models, false);
            env.put("CORDON_MODELS_DIR", models.toString());
            if (runtime == RuntimeKind.CJM) {
                env.put("CJM_MODELS_DIR", models.toString());
            }
        });
        return env;
    }

    private static void create(Path dir, boolean ownerOnly) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            Files.createDirectories(dir);
            if (ownerOnly
                    && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create the plugin folder " + dir + ": " + e.getMessage()
                            + "; make the data folder writable or set cordon.worker.plugin.data.dir /"
                            + " cordon.worker.models.dir",
                    e);
        }
    }
}
