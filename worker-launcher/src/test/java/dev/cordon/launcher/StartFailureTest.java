package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.json.PlainJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a worker can fail to start, each with a real process: the launcher reports the cause with the log's
 * last lines and leaves no process behind.
 */
class StartFailureTest {

    private final ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());

    @TempDir
    Path dir;
    /** A sleep this test alone runs (GNU sleep takes a fraction), so a leftover is told from anyone else's. */
    private final String sleep = "sleep 60." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);

    @Test
    void aWorkerThatNeverHandshakesTimesOutAndIsKilled() throws Exception {
        Path manifest = fakeInterpreter("echo 'loading a very large model' >&2; exec " + sleep);

        assertThatThrownBy(() -> launch(manifest, Duration.ofSeconds(1)))
                .isInstanceOf(PluginTimeoutError.class)
                .satisfies(e -> assertThat(e.getSuppressed()[0].getMessage())
                        .contains("sent no handshake within 1000 ms")
                        .contains("loading a very large model"));
        assertNoProcessLeft();
    }

    @Test
    void aWrongFirstLineIsRefusedAndTheWorkerKilled() throws Exception {
        Path manifest = fakeInterpreter("echo 'Hello from a chatty plugin'; exec " + sleep);

        assertThatThrownBy(() -> launch(manifest, Duration.ofSeconds(20)))
                .isInstanceOf(PluginFatalError.class)
                .hasMessageContaining("printed 'Hello from a chatty plugin' instead of the handshake line");
        assertNoProcessLeft();
    }

    @Test
    void aWorkerThatExitsDuringStartIsReportedWithItsStatusAndLog() throws Exception {
        Path manifest = fakeInterpreter("echo 'ImportError: no module named torch' >&2; exit 7");

        assertThatThrownBy(() -> launch(manifest, Duration.ofSeconds(20)))
                .isInstanceOf(PluginFatalError.class)
                .hasMessageContaining("exited before its handshake")
                .hasMessageContaining("exit status 7")
                .hasMessageContaining("ImportError: no module named torch");
        assertNoProcessLeft();
    }

    @Test
    void aMissingInterpreterIsAUserInputErrorNamingTheManifestKey() throws Exception {
        Path manifest = manifest("/no/such/python3");

        assertThatThrownBy(() -> launch(manifest, Duration.ofSeconds(5)))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("python_path")
                .hasMessageContaining(manifest.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void introspectionPrintsTheManifestCodeSection() throws Exception {
        Path env = Path.of(System.getProperty("cordon.examples"), "configdemo", "target", "env")
                .toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(
                        java,
                        "--module-path",
                        System.getProperty("cordon.worker.lib"),
                        "-m",
                        "dev.cordon.worker/dev.cordon.worker.Main",
                        "--env-dir",
                        env.toString(),
                        "--introspect"))
                .redirectErrorStream(true)
                .start();
        String out;
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", in.lines().toList());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, Object> code = (Map<String, Object>) PlainJson.parse(out);
        assertThat(code.keySet())
                .containsExactly(
                        "name",
                        "version",
                        "description",
                        "module",
                        "class",
                        "interface",
                        "taxonomy",
                        "resources",
                        "config_schema",
                        "worker_env");
        assertThat(code)
                .containsEntry("name", "configdemo")
                .containsEntry("version", "1.0.0")
                .containsEntry("description", "Shows every config schema feature")
                .containsEntry("module", "dev.cordon.examples.configdemo")
                .containsEntry("class", "dev.cordon.examples.configdemo.ConfigdemoPlugin")
                .containsEntry("interface", "dev.cordon.examples.ConfigDemoPlugin")
                .containsEntry(
                        "taxonomy",
                        Map.of(
                                "domain",
                                "demo",
                                "role",
                                "ConfigDemoPlugin",
                                "interface_fqcn",
                                "dev.cordon.examples.ConfigDemoPlugin"));
        assertThat((Map<String, Object>) code.get("resources"))
                .containsEntry("requires_gpu", false)
                .containsEntry("platforms", List.of("linux-x64"))
                .containsEntry("accelerators", List.of("cpu"))
                .containsEntry("min_system_ram_mb", 64L)
                .doesNotContainKey("min_gpu_vram_mb");
        assertThat((Map<String, Object>) code.get("config_schema")).containsKey("properties");
    }

    private void launch(Path manifest, Duration timeout) {
        launcher.launch(
                PluginLoadSpec.of("fake", manifest),
                new LaunchOptions("fake", Map.of(), dir.resolve("fake.log"), timeout));
    }

    /** A manifest of kind python whose "interpreter" is a shell script doing {@code body}. */
    private Path fakeInterpreter(String body) throws Exception {
        Path script = dir.resolve("fake-python.sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return manifest(script.toString());
    }

    private Path manifest(String pythonPath) throws Exception {
        Path manifest = dir.resolve("fake.json");
        Files.writeString(manifest, """
                {"format_version": "2.0",
                 "install": {"python_path": "%s", "runtime": "python", "env_dir": "."},
                 "code": {"name": "fake", "version": "1.0.0", "description": "", "module": "fake",
                          "class": "Fake", "interface": "cordon_plugin.CordonPlugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(pythonPath));
        return manifest;
    }

    private void assertNoProcessLeft() {
        String script = dir.resolve("fake-python.sh").toString();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                                .filter(p -> p.info()
                                        .commandLine()
                                        .map(c -> c.contains(script) || c.contains(sleep))
                                        .orElse(false))
                                .filter(p -> !exited(p.pid()))
                                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?") + " (parent "
                                        + p.parent().map(ProcessHandle::pid).orElse(-1L) + ")")
                                .toList())
                        .isEmpty());
    }

    /** Whether the process has ended: gone, or a zombie (state Z in /proc) waiting for its parent to reap it. */
    private static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
