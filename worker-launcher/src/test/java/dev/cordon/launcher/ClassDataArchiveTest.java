package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first Java worker writes the class-data archive when it exits; the next ones map it. */
class ClassDataArchiveTest {

    @TempDir
    Path dir;

    @AfterAll
    static void noWorkerRemains() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(WorkerProcesses.running()).isEmpty());
    }

    @Test
    void theFirstWorkerMakesTheArchiveAndTheNextMapsIt() throws Exception {
        Path cds = dir.resolve("cds");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.from(key -> switch (key) {
            case "cordon.worker.cds.dir" -> cds.toString();
            default -> System.getProperty(key);
        }));
        Path manifest = TestManifests.javaExample(dir, "echo");

        WorkerHandle first = launch(launcher, manifest, "first");
        assertThat(commandLine(first)).contains("-XX:ArchiveClassesAtExit=");
        assertThat(first.stop(Duration.ofSeconds(20))).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> archives(cds) == 1);

        WorkerHandle second = launch(launcher, manifest, "second");
        try {
            assertThat(commandLine(second)).contains("-XX:SharedArchiveFile=" + cds);
            assertThat(second.isAlive()).isTrue();
        } finally {
            second.stop(Duration.ofSeconds(5));
        }
    }

    private static long archives(Path cds) throws Exception {
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(f -> f.toString().endsWith(".jsa")).count();
        }
    }

    private static String commandLine(WorkerHandle h) {
        return ProcessHandle.of(h.pid()).flatMap(p -> p.info().commandLine()).orElse("");
    }

    private WorkerHandle launch(ProcessWorkerLauncher launcher, Path manifest, String instance) {
        return launcher.launch(
                PluginLoadSpec.of("echo", manifest),
                new LaunchOptions(instance, Map.of(), dir.resolve(instance + ".log"), Duration.ofSeconds(60)));
    }
}
