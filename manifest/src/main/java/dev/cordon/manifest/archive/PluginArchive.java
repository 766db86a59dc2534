package dev.cordon.manifest.archive;

import dev.cordon.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;

/**
 * A verified plugin archive.
 *
 * @param file the zip file
 * @param digest {@code sha256:<hex>} of the file's bytes, which tells a re-install of the same archive
 * @param manifest its manifest, valid, with a config-schema hash that matches its schema
 * @param entries the names of its file entries (folders left out), {@code manifest.json} among them
 */
public record PluginArchive(Path file, String digest, Manifest manifest, List<String> entries) {

    /** Copies the entry list. */
    public PluginArchive {
        entries = List.copyOf(entries);
    }

    /** The plugin's name, from the manifest. */
    public String pluginName() {
        return manifest.code().name();
    }
}
