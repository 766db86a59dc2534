package dev.cordon.manifest.archive;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestCode;
import dev.cordon.manifest.ManifestInstall;
import dev.cordon.manifest.Manifests;
import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Asks a real Java worker what a folder of plugin jars declares: {@code java --module-path WORKER -m
 * dev.cordon.worker/dev.cordon.worker.Main --env-dir DIR --introspect} prints the manifest's {@code code} section,
 * loaded exactly as a serving worker loads the plugin. The process is killed when it overruns its timeout and is
 * always reaped.
 *
 * @param java the {@code java} executable
 * @param workerModulePath the worker's module path: the worker jar and what it requires (api, protocol, manifest,
 *     Gson, Netty), or a folder of them such as a distribution's {@code lib/worker}
 * @param timeout how long the worker may take
 */
public record JavaIntrospection(Path java, List<Path> workerModulePath, Duration timeout) {

    private static final String WORKER_MODULE = "dev.cordon.worker/dev.cordon.worker.Main";

    /** Copies the module path. */
    public JavaIntrospection {
        workerModulePath = List.copyOf(workerModulePath);
    }

    /** The {@code java} of the running JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The {@code code} section the plugin in {@code envDir} declares.
     *
     * @param className the plugin class when the jars provide several, else empty
     * @throws IntrospectionException when the worker fails, overruns or prints something other than a JSON object
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> codeSection(Path envDir, Optional<String> className) {
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "--module-path",
                workerModulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "-m",
                WORKER_MODULE,
                "--env-dir",
                envDir.toString(),
                "--introspect"));
        className.ifPresent(c -> command.addAll(List.of("--class", c)));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("cordon-introspect-", ".out");
            err = Files.createTempFile("cordon-introspect-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            int status = await(process, envDir);
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();
            if (status != 0) {
                throw new IntrospectionException(
                        "The Java worker could not introspect the plugin in " + envDir + " (exit status " + status
                                + "): " + (stderr.isEmpty() ? "it printed nothing" : stderr)
                                + "; check that the jars hold one class implementing dev.cordon.api.plugin.Plugin,"
                                + " declared as a service provider",
                        null);
            }
            Object parsed = PlainJson.parse(stdout);
            if (!(parsed instanceof Map)) {
                throw new IntrospectionException(
                        "The Java worker introspecting " + envDir + " printed no JSON object: " + stdout.strip(), null);
            }
            return (Map<String, Object>) parsed;
        } catch (JsonInputException e) {
            throw new IntrospectionException(
                    "The Java worker introspecting " + envDir + " printed invalid JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IntrospectionException(
                    "Cannot run the Java worker " + java + " to introspect " + envDir + ": " + e, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private int await(Process process, Path envDir) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IntrospectionException(
                        "The Java worker introspecting " + envDir + " did not finish within " + timeout
                                + " and was killed; a plugin's constructor must not block",
                        null);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the introspecting worker", e);
        }
    }

    /**
     * A v2 manifest of a {@code code} section and an install section, with the drift-tracking hash of its config
     * schema computed as the host computes it.
     *
     * @throws dev.cordon.manifest.ManifestException when the section does not read as a manifest's code section
     */
    public static Manifest manifest(Map<String, Object> codeSection, ManifestInstall install) {
        // Plugin.description() is optional, a manifest's code.description is not: the name stands in, as the Python
        // introspection does.
        if (!(codeSection.get("description") instanceof String d) || d.isBlank()) {
            codeSection = new LinkedHashMap<>(codeSection);
            codeSection.put("description", codeSection.get("name"));
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("format_version", Manifest.CURRENT_VERSION);
        tree.put("install", Map.of("runtime", RuntimeKind.JAVA.wire(), "env_dir", "."));
        tree.put("code", codeSection);
        ManifestCode code = Manifests.read(PlainJson.compact(tree), "introspected code section")
                .code();
        return new Manifest(
                Manifest.CURRENT_VERSION, install, code, CanonicalJson.hashOf(code.configSchema()), Map.of());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind is harmless; the introspection's own outcome matters more.
            }
        }
    }
}
