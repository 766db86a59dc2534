package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/**
 * On the host's JVM (JDK 17–24), the first Java worker writes the dynamic class-data archive when it exits, the next
 * ones map it, and each says so in its log. The AOT cache of JDK 25 is {@link AotCacheTest}'s.
 */
class StartArchivesTest {

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
        assumeTrue(
                WorkerJdks.feature(Path.of(System.getProperty("java.home"), "bin", "java")) < 25,
                "the host JVM is a JDK 25: its workers use the AOT cache (AotCacheTest)");
        assertThat(commandLine(first)).contains("-XX:ArchiveClassesAtExit=");
        assertThat(Files.readString(dir.resolve("first.log"))).contains("none yet; this worker records " + cds);
        assertThat(first.stop(Duration.ofSeconds(20))).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> archives(cds) == 1
                        && Files.list(cds).anyMatch(f -> f.toString().endsWith(".jsa.crc")));

        WorkerHandle second = launch(launcher, manifest, "second");
        try {
            assertThat(commandLine(second)).contains("-XX:SharedArchiveFile=" + cds);
            assertThat(Files.readString(dir.resolve("second.log"))).contains("Start-up archive: maps " + cds);
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

    private static Path checksumOf(Path cds) throws Exception {
        try (Stream<Path> files = Files.list(cds)) {
            Path archive =
                    files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElseThrow();
            return archive.resolveSibling(archive.getFileName() + ".crc");
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
