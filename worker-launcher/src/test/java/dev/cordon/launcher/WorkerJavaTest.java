package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cordon.worker.java} picks the Java workers' JVM; a manifest's {@code install.java_path} wins over it. */
class WorkerJavaTest {

    @TempDir
    Path dir;

    @Test
    void theSettingNamesTheWorkersJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessWorkerLauncher launcher = launcher(java);
        WorkerHandle worker = launch(launcher, TestManifests.javaExample(dir, "echo"), "setting");
        try {
            String actual = ProcessHandle.of(worker.pid())
                    .flatMap(p -> p.info().command())
                    .orElseThrow();
            assertThat(Path.of(actual).toRealPath()).isEqualTo(Path.of(java).toRealPath());
        } finally {
            worker.stop(Duration.ofSeconds(5));
            launcher.close();
        }
    }

    @Test
    void aManifestsJavaPathWinsOverTheSetting() throws Exception {
        Path manifest = TestManifests.javaExample(dir, "echo");
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replace(
                                "\"runtime\": \"java\",",
                                "\"runtime\": \"java\", \"java_path\": \"" + dir.resolve("no-such-java") + "\","));
        ProcessWorkerLauncher launcher =
                launcher(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try {
            assertThatThrownBy(() -> launch(launcher, manifest, "manifest"))
                    .isInstanceOf(PluginInputError.class)
                    .hasMessageContaining(dir.resolve("no-such-java").toString())
                    .hasMessageContaining("install.java_path in " + manifest);
        } finally {
            launcher.close();
        }
    }

    @Test
    void aSettingThatNamesNoJvmIsReportedAsTheSetting() throws Exception {
        Path missing = dir.resolve("jdk").resolve("bin").resolve("java");
        ProcessWorkerLauncher launcher = launcher(missing.toString());
        try {
            assertThatThrownBy(() -> launch(launcher, TestManifests.javaExample(dir, "echo"), "missing"))
                    .isInstanceOf(PluginInputError.class)
                    .hasMessageContaining(missing + " is not an executable file")
                    .hasMessageContaining("cordon.worker.java");
        } finally {
            launcher.close();
        }
    }

    private static ProcessWorkerLauncher launcher(String java) {
        return new ProcessWorkerLauncher(
                LauncherSettings.from(key -> key.equals("cordon.worker.java") ? java : System.getProperty(key)));
    }

    private WorkerHandle launch(ProcessWorkerLauncher launcher, Path manifest, String instance) {
        return launcher.launch(
                PluginLoadSpec.of("echo", manifest),
                new LaunchOptions(instance, Map.of(), dir.resolve(instance + ".log"), Duration.ofSeconds(60)));
    }
}
