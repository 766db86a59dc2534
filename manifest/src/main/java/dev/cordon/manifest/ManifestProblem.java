package dev.cordon.manifest;

/**
 * One thing wrong with a manifest, a config or a plugins file.
 *
 * @param path the JSON path of the offending value, for example {@code $.code.taxonomy.interface_fqcn}
 * @param message what is wrong and what to do
 */
public record ManifestProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
