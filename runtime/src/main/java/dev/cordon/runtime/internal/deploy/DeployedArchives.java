package dev.cordon.runtime.internal.deploy;

import dev.cordon.manifest.archive.FileTrees;
import dev.cordon.manifest.archive.PluginArchive;
import dev.cordon.manifest.archive.PluginArchiveException;
import dev.cordon.manifest.archive.PluginArchives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The plugin archives of the deploy folder, unpacked into {@code <data>/envs/<name>/}: each such folder holds the
 * archive's files, its {@code manifest.json} (whose {@code env_dir} is {@code "."}) and a marker naming the archive
 * and its digest, which tells a deployed environment from one that {@code cordon install} owns, and lets a restart
 * skip unpacking an archive that did not change. Thread-safe by confinement to FileInstall's one thread; the
 * methods are synchronized for the activation-time sweep.
 */
final class DeployedArchives {

    /** The marker file in a deployed environment: the archive's path, then its digest. */
    static final String MARKER = ".cordon-deployed";

    private final Path envs;
    private final Path manifests;

    /**
     * @param data the data folder: environments go to {@code envs/}; plugins installed by {@code cordon install}
     *     have their manifests in {@code manifests/}
     */
    DeployedArchives(Path data) {
        this.envs = data.resolve("envs").toAbsolutePath().normalize();
        this.manifests = data.resolve("manifests").toAbsolutePath().normalize();
    }

    /** A deployed archive: its plugin and the manifest to register. */
    record Deployment(String pluginName, Path manifestFile, boolean unpacked) {}

    /**
     * Verifies the archive and unpacks it into its plugin's environment, unless the same bytes are deployed there
     * already.
     *
     * @throws PluginArchiveException when the archive is invalid, or its plugin is installed by other means or
     *     deployed from another archive
     * @throws IOException when the environment cannot be written
     */
    synchronized Deployment deploy(Path archive) throws IOException {
        Path file = archive.toAbsolutePath().normalize();
        PluginArchive verified = PluginArchives.verify(file);
        String name = verified.pluginName();
        Path env = environment(file, name);
        if (Files.exists(manifests.resolve(name + ".json"))) {
            throw new PluginArchiveException(
                    file,
                    "plugin '" + name + "' is installed already (" + manifests.resolve(name + ".json")
                            + "); remove it with 'cordon remove " + name + "' first, or rename the plugin",
                    null);
        }
        Optional<Marker> marker = Marker.read(env);
        if (Files.exists(env) && marker.isEmpty()) {
            throw new PluginArchiveException(
                    file,
                    env + " belongs to an installed plugin '" + name + "' (it has no " + MARKER
                            + "); remove it with 'cordon remove " + name + "' first",
                    null);
        }
        if (marker.isPresent()
                && !marker.get().archive().equals(file)
                && Files.exists(marker.get().archive())) {
            throw new PluginArchiveException(
                    file,
                    "plugin '" + name + "' is deployed already from "
                            + marker.get().archive() + "; remove that archive first",
                    null);
        }
        Path manifest = env.resolve(PluginArchives.MANIFEST_ENTRY);
        if (marker.isPresent() && marker.get().equals(new Marker(file, verified.digest()))) {
            return new Deployment(name, manifest, false);
        }
        PluginArchives.unpack(verified, env);
        new Marker(file, verified.digest()).write(env);
        return new Deployment(name, manifest, true);
    }

    /** The plugin deployed from {@code archive}, with its manifest, if any. */
    synchronized Optional<Deployment> deployedFrom(Path archive) {
        Path file = archive.toAbsolutePath().normalize();
        return deployedEnvironments().stream()
                .filter(env ->
                        Marker.read(env).map(m -> m.archive().equals(file)).orElse(false))
                .findFirst()
                .map(env -> new Deployment(
                        env.getFileName().toString(), env.resolve(PluginArchives.MANIFEST_ENTRY), false));
    }

    /** Deletes a deployed plugin's environment. */
    synchronized void remove(Deployment deployment) throws IOException {
        FileTrees.delete(envs.resolve(deployment.pluginName()));
    }

    /** The deployed environments whose archive no longer exists (it was deleted while Cordon was down). */
    synchronized List<Path> orphans() {
        return deployedEnvironments().stream()
                .filter(env ->
                        Marker.read(env).map(m -> !Files.exists(m.archive())).orElse(false))
                .toList();
    }

    private Path environment(Path archive, String name) {
        Path env = envs.resolve(name).normalize();
        if (!env.getParent().equals(envs)) {
            throw new PluginArchiveException(archive, "plugin name '" + name + "' cannot be a folder name", null);
        }
        return env;
    }

    private List<Path> deployedEnvironments() {
        if (!Files.isDirectory(envs)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(envs)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(MARKER))).toList();
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }

    /** What a deployed environment came from. */
    record Marker(Path archive, String digest) {

        static Optional<Marker> read(Path env) {
            Path file = env.resolve(MARKER);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return lines.size() < 2
                        ? Optional.empty()
                        : Optional.of(new Marker(Path.of(lines.get(0)), lines.get(1)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        void write(Path env) throws IOException {
            Files.writeString(env.resolve(MARKER), archive + "\n" + digest + "\n", StandardCharsets.UTF_8);
        }
    }
}
