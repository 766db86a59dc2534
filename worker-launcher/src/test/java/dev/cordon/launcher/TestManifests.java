package dev.cordon.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manifests for the Java examples built under {@code examples/<name>/target/env}, as tests need them. */
final class TestManifests {

    private TestManifests() {}

    /**
     * Writes {@code <dir>/<example>.json}: a v2 manifest of runtime {@code java} whose environment folder is the
     * example's build output (the system property {@code cordon.examples} names the examples folder).
     */
    static Path javaExample(Path dir, String example) throws IOException {
        Path env = Path.of(System.getProperty("cordon.examples"), example, "target", "env").toAbsolutePath();
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
}
