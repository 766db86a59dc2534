package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestException;
import dev.cordon.manifest.ManifestProblem;
import dev.cordon.manifest.Manifests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The plugin a load spec names: the discovered one when the spec's manifest is its file, else the file read now. */
final class ManifestResolver {

    private ManifestResolver() {}

    static DiscoveredPlugin resolve(PluginLoadSpec spec, PluginCatalog catalog) {
        Path file = spec.manifest().toAbsolutePath().normalize();
        Optional<DiscoveredPlugin> known =
                catalog.get(spec.pluginName()).filter(p -> p.file().equals(file));
        if (known.isPresent()) {
            return known.get();
        }
        try {
            Manifest manifest = Manifests.read(file);
            List<ManifestProblem> problems = Manifests.validate(manifest);
            if (!problems.isEmpty()) {
                throw new ManifestException(file.toString(), problems);
            }
            if (!manifest.code().name().equals(spec.pluginName())) {
                throw new PluginInputError(
                        "Manifest " + file + " defines plugin '"
                                + manifest.code().name() + "', not '" + spec.pluginName() + "'",
                        List.of("plugin_name"),
                        null);
            }
            return new DiscoveredPlugin(Manifests.toMeta(manifest), manifest, file, false);
        } catch (IOException e) {
            throw new PluginInputError(
                    "Cannot read manifest " + file + " of plugin '" + spec.pluginName() + "': " + e.getMessage(),
                    List.of("manifest"),
                    e);
        } catch (ManifestException e) {
            throw new PluginInputError(e.getMessage(), List.of("manifest"), e);
        }
    }
}
