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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the host's JVM (JDK 17–24), the first Java worker writes the dynamic class-data archive when it exits, the next
 * ones map it, and each says so in its log; the archive of earlier worker jars goes once the new one is made. The AOT cache of JDK 25 is {@link AotCacheTest}'s.
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
        Path stale = staleArchive(cds.resolve("worker-jdk17-fedcba9876543210.jsa"));

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
        assertThat(stale)
                .as("an archive of other worker jars, unused for hours")
                .doesNotExist();

        WorkerHandle second = launch(launcher, manifest, "second");
        try {
            assertThat(commandLine(second)).contains("-XX:SharedArchiveFile=" + cds);
            assertThat(Files.readString(dir.resolve("second.log"))).contains("Start-up archive: maps " + cds);
            assertThat(second.isAlive()).isTrue();
        } finally {
            second.stop(Duration.ofSeconds(5));
        }
    }

    /** An archive of the same family (other worker jars) with its checksum, last used two hours ago. */
    private static Path staleArchive(Path archive) throws Exception {
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "made by other worker jars");
        Path sum = Files.writeString(archive.resolveSibling(archive.getFileName() + ".crc"), "crc32c=0 size=0\n");
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(archive, longAgo);
        Files.setLastModifiedTime(sum, longAgo);
        return archive;
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
