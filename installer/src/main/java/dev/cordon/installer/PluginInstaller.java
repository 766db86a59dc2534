package dev.cordon.installer;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.installer.internal.EnvironmentLock;
import dev.cordon.installer.internal.Fingerprint;
import dev.cordon.installer.internal.Folders;
import dev.cordon.installer.internal.InstallRecord;
import dev.cordon.installer.internal.Names;
import dev.cordon.installer.internal.OriginalEntries;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestException;
import dev.cordon.manifest.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Installs, lists, regenerates and removes plugins of one data folder.
 *
 * <p>An install takes a lock on the plugin's environment (a second install of the same plugin fails at once), moves
 * an earlier environment aside, lets the {@link PluginPackageInstaller} that handles the request fill a fresh
 * folder, then writes the manifest and the install record. On failure the earlier environment is put back, so a
 * failed re-install leaves the plugin as it was.
 */
public final class PluginInstaller {

    private final InstallSettings settings;
    private final InstallLayout layout;
    private final List<PluginPackageInstaller> installers;

    /** Uses the given package installers, asked in order. */
    public PluginInstaller(InstallSettings settings, List<PluginPackageInstaller> installers) {
        this.settings = settings;
        this.layout = settings.layout();
        this.installers = List.copyOf(installers);
    }

    /** Uses every package installer on the class path ({@link ServiceLoader}). */
    public static PluginInstaller standard(InstallSettings settings) {
        List<PluginPackageInstaller> found = new ArrayList<>();
        ServiceLoader.load(PluginPackageInstaller.class, PluginInstaller.class.getClassLoader())
                .forEach(found::add);
        return new PluginInstaller(settings, found);
    }

    /** The folders this installer writes. */
    public InstallLayout layout() {
        return layout;
    }

    /** The kinds of the package installers, in the order they are asked. */
    public List<String> kinds() {
        return installers.stream().map(PluginPackageInstaller::kind).toList();
    }

    /**
     * Installs a plugin; skips it when the same request is installed already, unless {@code force}.
     *
     * @throws PluginInputError when no installer handles the request, or it is invalid
     * @throws InstallFailedException when a step fails (the earlier install, if any, is kept)
     */
    public InstallOutcome install(InstallRequest request, boolean force, InstallProgress progress) {
        PluginEnvironment env = layout.environment(request.name());
        PluginPackageInstaller installer = installerFor(request);
        String fingerprint = Fingerprint.of(request);
        try (EnvironmentLock lock = EnvironmentLock.take(env)) {
            Optional<InstallRecord> previous = InstallRecord.read(env.envDir());
            boolean installed = previous.isPresent() && Files.isRegularFile(env.manifestFile());
            if (!force && installed && previous.get().fingerprint().equals(fingerprint)) {
                return new InstallOutcome(
                        env,
                        InstallOutcome.Status.UNCHANGED,
                        readManifest(env),
                        previous.get().installer());
            }
            Path aside = env.envDir().resolveSibling("." + env.name() + ".previous");
            Folders.deleteTree(aside);
            if (Files.exists(env.envDir())) {
                Files.move(env.envDir(), aside);
            }
            try {
                Files.createDirectories(env.envDir());
                Manifest manifest = installer.install(request, env, new InstallContext(settings, progress));
                Folders.writeAtomically(env.manifestFile(), checked(request.name(), manifest));
                new InstallRecord(
                                installer.kind(), fingerprint, request.source().text())
                        .write(env.envDir());
                Folders.deleteTree(aside);
                return new InstallOutcome(
                        env,
                        installed ? InstallOutcome.Status.REINSTALLED : InstallOutcome.Status.INSTALLED,
                        manifest,
                        installer.kind());
            } catch (RuntimeException | IOException e) {
                Folders.deleteTree(env.envDir());
                if (Files.exists(aside)) {
                    Files.move(aside, env.envDir());
                }
                throw e;
            }
        } catch (IOException e) {
            throw new InstallFailedException(
                    request.name(),
                    "Cannot write the environment of '" + request.name() + "' in " + env.envDir() + ": "
                            + e.getMessage() + "; check that the data folder is writable and has room",
                    e);
        }
    }

    /**
     * Introspects an installed plugin again and rewrites its manifest (code section and schema hash).
     *
     * @throws PluginNotFoundError when the plugin is not installed
     * @throws PluginInputError when it was not installed by {@code cordon install}
     * @throws InstallFailedException when the runtime would skip the new manifest; the old one is kept
     */
    public Manifest regenerate(String name, InstallProgress progress) {
        PluginEnvironment env = layout.environment(name);
        Manifest current = readManifest(env);
        InstallRecord rec = InstallRecord.read(env.envDir())
                .orElseThrow(() -> new PluginInputError(
                        "Plugin '" + name + "' was not installed by 'cordon install' (no " + InstallRecord.FILE
                                + " in " + env.envDir() + "): its manifest " + env.manifestFile()
                                + " is maintained by hand",
                        List.of("name"),
                        null));
        PluginPackageInstaller installer = installers.stream()
                .filter(i -> i.kind().equals(rec.installer()))
                .findFirst()
                .orElseThrow(() -> new PluginInputError(
                        "Plugin '" + name + "' was installed by the '" + rec.installer()
                                + "' installer, which this Cordon does not have",
                        List.of("name"),
                        null));
        try (EnvironmentLock lock = EnvironmentLock.take(env)) {
            Manifest fresh = installer.regenerate(current, env, new InstallContext(settings, progress));
            Folders.writeAtomically(env.manifestFile(), checked(name, fresh));
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + env.manifestFile() + ": " + e.getMessage(), e);
        }
    }

    /** Every plugin with a manifest in the manifests folder, by name. */
    public List<InstalledPlugin> list() {
        if (!Files.isDirectory(layout.manifests())) {
            return List.of();
        }
        List<InstalledPlugin> plugins = new ArrayList<>();
        try (Stream<Path> files = Files.list(layout.manifests())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".json".length());
                PluginEnvironment env =
                        new PluginEnvironment(name, layout.envs().resolve(name), file);
                String installer = InstallRecord.read(env.envDir())
                        .map(InstallRecord::installer)
                        .orElse(null);
                try {
                    plugins.add(new InstalledPlugin(env, Manifests.read(file), null, installer));
                } catch (IOException | ManifestException e) {
                    plugins.add(new InstalledPlugin(env, null, e.getMessage(), installer));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + layout.manifests() + ": " + e.getMessage(), e);
        }
        return plugins;
    }

    /**
     * Removes a plugin's manifest and environment folder (its data folder is kept).
     *
     * @throws PluginNotFoundError when neither exists
     */
    public void remove(String name) {
        PluginEnvironment env = layout.environment(name);
        if (!Files.exists(env.manifestFile()) && !Files.exists(env.envDir())) {
            throw notInstalled(name);
        }
        try (EnvironmentLock lock = EnvironmentLock.take(env)) {
            // The manifest first: the runtime stops discovering the plugin before its files go.
            Files.deleteIfExists(env.manifestFile());
            Folders.deleteTree(env.envDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + env.envDir() + ": " + e.getMessage(), e);
        }
    }

    /** The manifest's text, when the runtime would load it; a manifest it would skip fails the install instead. */
    private static String checked(String name, Manifest manifest) {
        String text = Manifests.write(manifest);
        try {
            Manifests.readValid(text, name + ".json");
        } catch (ManifestException e) {
            throw new InstallFailedException(
                    name,
                    "The manifest introspected for '" + name + "' is not valid, so the runtime would skip it: "
                            + e.getMessage() + "; fix what the plugin declares about itself and install again",
                    e);
        }
        return text;
    }

    private PluginPackageInstaller installerFor(InstallRequest request) {
        if (request.runtime() == RuntimeKind.CJM) {
            String interpreter = request.interpreter();
            throw new PluginInputError(
                    OriginalEntries.refusal(
                            request.name(),
                            request.source().text(),
                            interpreter != null && interpreter.startsWith("python")
                                    ? interpreter.substring("python".length())
                                    : null,
                            request.interfaceLibs(),
                            null),
                    List.of("runtime"),
                    null);
        }
        return installers.stream()
                .filter(i -> i.handles(request))
                .findFirst()
                .orElseThrow(() -> new PluginInputError(
                        "No installer handles " + request.runtime().wire() + " package '"
                                + request.source().text()
                                + "' of plugin '" + request.name() + "' (installers: "
                                + installers.stream()
                                        .map(PluginPackageInstaller::kind)
                                        .toList()
                                + "); check the runtime and the package",
                        List.of("package"),
                        null));
    }

    private Manifest readManifest(PluginEnvironment env) {
        if (!Files.isRegularFile(env.manifestFile())) {
            throw notInstalled(env.name());
        }
        try {
            return Manifests.read(env.manifestFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + env.manifestFile() + ": " + e.getMessage(), e);
        }
    }

    private PluginNotFoundError notInstalled(String name) {
        List<String> installed =
                list().stream().map(p -> p.environment().name()).toList();
        return new PluginNotFoundError(
                name, Names.closest(name, installed), layout.manifests().toString());
    }
}
