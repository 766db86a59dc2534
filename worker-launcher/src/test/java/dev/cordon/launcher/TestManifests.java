package dev.cordon.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Manifests for the example plugins, as tests need them. */
public final class TestManifests {

    private TestManifests() {}

    /**
     * Writes {@code <dir>/<example>.json}: a v2 manifest of runtime {@code java} whose environment folder is the
     * example's build output {@code examples/<example>/target/env} (the system property {@code cordon.examples}
     * names the examples folder).
     */
    public static Path javaExample(Path dir, String example) throws IOException {
        Path env = examples().resolve(example).resolve("target").resolve("env");
        Path manifest = dir.resolve(example + ".json");
        Files.writeString(manifest, """
                {"format_version": "2.0",
                 "install": {"python_path": "", "runtime": "java", "env_dir": "%s"},
                 "code": {"name": "%s", "version": "1.0.0", "description": "", "module": "", "class": "",
                          "interface": "dev.cordon.api.plugin.Plugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(env, example));
        return manifest;
    }

    /**
     * Copies a Python example's shipped manifest ({@code examples/<example>/manifest.json}) to
     * {@code <dir>/<example>.json}, its {@code env_dir} made absolute so that it runs from anywhere.
     */
    public static Path pythonExample(Path dir, String example) throws IOException {
        Path folder = examples().resolve(example);
        String text = Files.readString(folder.resolve("manifest.json"));
        String relative = "\"env_dir\": \".\"";
        if (!text.contains(relative)) {
            throw new IllegalStateException(folder.resolve("manifest.json") + " has no " + relative);
        }
        Path manifest = dir.resolve(example + ".json");
        Files.writeString(manifest, text.replace(relative, "\"env_dir\": \"" + folder + "\""));
        return manifest;
    }

    /**
     * Adds {@code env} to the {@code install.env_vars} of a manifest written by {@link #pythonExample} (whose
     * {@code env_vars} is empty); returns the manifest.
     */
    public static Path withEnv(Path manifest, Map<String, String> env) throws IOException {
        String text = Files.readString(manifest);
        String empty = "\"env_vars\": {}";
        if (!text.contains(empty)) {
            throw new IllegalStateException(manifest + " has no " + empty);
        }
        StringBuilder vars = new StringBuilder("\"env_vars\": {");
        env.forEach((k, v) -> vars.append(vars.length() > 13 ? ", " : "")
                .append('"')
                .append(k)
                .append("\": \"")
                .append(v)
                .append('"'));
        Files.writeString(manifest, text.replace(empty, vars.append('}').toString()));
        return manifest;
    }

    private static Path examples() {
        return Path.of(System.getProperty("cordon.examples")).toAbsolutePath().normalize();
    }
}
