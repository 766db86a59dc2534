package dev.cordon.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manifests of the example plugins, written for a test. */
final class ExampleManifests {

    private ExampleManifests() {}

    /** The example folder ({@code examples/<name>}) of the source tree. */
    static Path example(String name) {
        return Path.of(System.getProperty("cordon.examples"), name)
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Writes a manifest for a Java example into {@code dir/<file>}.
     *
     * @param code extra members of the {@code code} section (JSON, starting with a comma), or {@code ""}
     * @param install extra members of the {@code install} section (JSON, starting with a comma), or {@code ""}
     * @param hash the drift hash as JSON ({@code null} or a quoted string)
     */
    static Path java(Path dir, String file, String example, String code, String install, String hash)
            throws IOException {
        Files.createDirectories(dir);
        Path manifest = dir.resolve(file);
        Files.writeString(manifest, """
                {"format_version": "2.0",
                 "install": {"python_path": "", "runtime": "java", "env_dir": "%s"%s},
                 "code": {"name": "%s", "version": "1.0.0", "description": "example %s", "module": "",
                          "class": "dev.cordon.examples.%s.%s",
                          "interface": "dev.cordon.api.plugin.Plugin"%s},
                 "drift_tracking": {"config_schema_hash": %s}, "overrides": {}}
                """.formatted(
                        example(example).resolve("target/env"),
                        install,
                        example,
                        example,
                        example,
                        Character.toUpperCase(example.charAt(0)) + example.substring(1) + "Plugin",
                        code,
                        hash));
        return manifest;
    }

    /** A Java example with no extras and no drift hash. */
    static Path java(Path dir, String example) throws IOException {
        return java(dir, example + ".json", example, "", "", "null");
    }

    /** The config schema member of echo's code section. */
    static final String ECHO_SCHEMA = """
            , "config_schema": {"type": "object", "properties": {"prefix": {"type": "string", "default": ""}}}""";

    /** Copies a Python example's shipped manifest into {@code dir}, its env_dir made absolute. */
    static Path python(Path dir, String example) throws IOException {
        Files.createDirectories(dir);
        String text = Files.readString(example(example).resolve("manifest.json"))
                .replace("\"env_dir\": \".\"", "\"env_dir\": \"" + example(example) + "\"");
        Path manifest = dir.resolve(example + ".json");
        Files.writeString(manifest, text);
        return manifest;
    }
}
