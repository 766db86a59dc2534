package dev.cordon.benchmarks;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The echo example on each worker, as the benchmarks that compare the two start it: {@code echo} (Java) and
 * {@code py-echo} (Python), from the examples folder named by {@code cordon.examples}.
 */
enum BenchWorkers {
    JAVA("java", "echo"),
    PYTHON("python", "py-echo");

    private final String wire;
    private final String plugin;

    BenchWorkers(String wire, String plugin) {
        this.wire = wire;
        this.plugin = plugin;
    }

    /** The name in the figures: {@code java} or {@code python}. */
    String wire() {
        return wire;
    }

    /** Writes the example's manifest into {@code dir}; returns its path. */
    Path manifest(Path dir) throws IOException {
        Path examples = Path.of(System.getProperty("cordon.examples")).toAbsolutePath();
        Path manifest = dir.resolve(plugin + ".json");
        String text = switch (this) {
            case JAVA ->
                """
                    {"format_version": "2.0",
                     "install": {"python_path": "", "runtime": "java", "env_dir": "%s"},
                     "code": {"name": "echo", "version": "1.0.0", "description": "echo", "module": "",
                              "class": "dev.cordon.examples.echo.EchoPlugin",
                              "interface": "dev.cordon.api.plugin.Plugin"},
                     "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                    """.formatted(examples.resolve("echo").resolve("target").resolve("env"));
            case PYTHON ->
                Files.readString(examples.resolve(plugin).resolve("manifest.json"))
                        .replace("\"env_dir\": \".\"", "\"env_dir\": \"" + examples.resolve(plugin) + "\"");
        };
        Files.writeString(manifest, text);
        return manifest;
    }

    /** Starts a worker of the example, logging into {@code dir}. */
    WorkerHandle launch(WorkerLauncher launcher, Path dir, String instanceId) throws IOException {
        return launcher.launch(
                PluginLoadSpec.of(plugin, manifest(dir)),
                new WorkerLauncher.LaunchOptions(
                        instanceId, Map.of(), dir.resolve(instanceId + ".log"), Duration.ofSeconds(60)));
    }
}
