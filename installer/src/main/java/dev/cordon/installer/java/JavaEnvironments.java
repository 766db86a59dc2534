package dev.cordon.installer.java;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.installer.InstallContext;
import dev.cordon.installer.InstallFailedException;
import dev.cordon.installer.InstallRequest;
import dev.cordon.installer.InstallSettings;
import dev.cordon.installer.PluginEnvironment;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestInstall;
import dev.cordon.manifest.archive.IntrospectionException;
import dev.cordon.manifest.archive.JavaIntrospection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the Java installers share: copying jars into an environment folder, introspecting it with the
 * distribution's Java worker ({@code cordon.worker.lib}, default {@code <home>/lib/worker}; run by
 * {@code cordon.install.java}, default the running JVM's {@code java}), and the install section of its manifest.
 */
public final class JavaEnvironments {

    /** The installer version recorded in manifests ({@code install.installer_version}). */
    public static final String INSTALLER_VERSION = "cordon install";

    private JavaEnvironments() {}

    /** The introspection the settings configure. */
    public static JavaIntrospection introspection(InstallSettings settings) {
        Path lib = Path.of(settings.property(
                "cordon.worker.lib",
                settings.home().resolve("lib").resolve("worker").toString()));
        Path java = Path.of(settings.property(
                "cordon.install.java", JavaIntrospection.currentJava().toString()));
        return new JavaIntrospection(java, List.of(lib), settings.stepTimeout());
    }

    /** Copies jars into {@code envDir}; two of one file name are told apart by their folder. */
    static void copyJars(List<Path> jars, Path envDir) {
        Set<String> names = new HashSet<>();
        try {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                if (!names.add(name)) {
                    name = jar.getParent().getFileName() + "-" + name;
                    names.add(name);
                }
                Files.copy(jar, envDir.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the plugin's jars into " + envDir + ": " + e, e);
        }
    }

    /**
     * The manifest of an installed environment: introspected by a real worker, with the install section of the
     * request.
     *
     * @throws InstallFailedException when introspection fails
     */
    static Manifest introspect(InstallRequest request, PluginEnvironment env, InstallContext context) {
        context.progress().step(request.name(), "introspecting the plugin with a Java worker");
        Map<String, Object> code = codeSection(request.name(), env, context);
        return JavaIntrospection.manifest(code, install(request, env, List.of()));
    }

    /**
     * The introspected code section of an environment, named {@code plugin}: the name it is installed under is the
     * name the runtime knows it by, as for Python plugins, whatever the plugin's own {@code name()} says.
     */
    public static Map<String, Object> codeSection(String plugin, PluginEnvironment env, InstallContext context) {
        try {
            Map<String, Object> code =
                    new LinkedHashMap<>(introspection(context.settings()).codeSection(env.envDir(), Optional.empty()));
            code.put("name", plugin);
            return code;
        } catch (IntrospectionException e) {
            throw new InstallFailedException(plugin, e.getMessage(), e);
        }
    }

    /**
     * The install section for a Java plugin: runtime {@code java}, the environment folder relative to the manifest
     * (so the data folder can move), the request's java, JVM options and variables after {@code jvmArgsFirst}.
     */
    public static ManifestInstall install(InstallRequest request, PluginEnvironment env, List<String> jvmArgsFirst) {
        List<String> jvmArgs = new ArrayList<>(jvmArgsFirst);
        jvmArgs.addAll(request.jvmArgs());
        return new ManifestInstall(
                "",
                "",
                "",
                request.envVars(),
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                INSTALLER_VERSION,
                request.source().text(),
                RuntimeKind.JAVA,
                request.interpreter(),
                relative(env),
                jvmArgs.isEmpty() ? null : jvmArgs,
                null,
                null,
                null);
    }

    /** The environment folder as the manifest names it: relative to the manifest's folder. */
    static String relative(PluginEnvironment env) {
        Path from = env.manifestFile().toAbsolutePath().getParent();
        return from.relativize(env.envDir().toAbsolutePath()).toString();
    }

    /** The current manifest with a fresh code section and hash; install section and overrides kept. */
    public static Manifest regenerated(Manifest current, Map<String, Object> code) {
        Manifest fresh = JavaIntrospection.manifest(code, current.install());
        return new Manifest(
                Manifest.CURRENT_VERSION,
                current.install(),
                fresh.code(),
                fresh.configSchemaHash(),
                current.overrides());
    }
}
