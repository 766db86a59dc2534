package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java workers on JDK 25 or later (see {@link WorkerJdks}; skipped without one): the first worker records the
 * plugin's AOT cache while serving, the launcher makes it after that worker exits, the next workers map it; and a
 * cache that must not be mapped (corrupted bytes, another plugin version, another JDK's archive) leaves a worker
 * that starts and serves without it, saying so once in its log.
 */
class AotCacheTest {

    private static final Duration MADE = Duration.ofSeconds(90);
    private static final Duration START = Duration.ofSeconds(60);

    private static Path java;
    private static Path shared;
    private static Path cds;
    private static Path manifest;
    private static Path cache;

    @TempDir
    Path dir;

    /** Makes one cache the tests copy: a worker that records while serving calls, then stops. */
    @BeforeAll
    static void recordOneCache() throws Exception {
        Optional<Path> jdk = WorkerJdks.aotCapable();
        assumeTrue(
                jdk.isPresent(),
                "no JDK 25 or later here: set CORDON_TEST_WORKER_JAVA or install one under /usr/lib/jvm");
        java = jdk.get();
        shared = Files.createTempDirectory("cordon-aot-test");
        cds = shared.resolve("cds");
        manifest = TestManifests.javaExample(shared, "echo");
        try (ProcessWorkerLauncher launcher = launcher(cds, 0)) {
            WorkerHandle recorder = launch(launcher, manifest, shared, "recorder");
            assertThat(commandLine(recorder)).contains("-XX:AOTCacheOutput=").doesNotContain("-Xshare");
            for (int i = 0; i < 20; i++) {
                assertThat(execute(recorder, "hi " + i)).contains("hi " + i);
            }
            assertThat(recorder.stop(Duration.ofSeconds(30))).isZero();
            cache = await().atMost(MADE)
                    .until(() -> files(cds, ".aot"), f -> f.size() == 1 && checked(f.get(0)))
                    .get(0);
        }
        assertThat(occurrences(shared.resolve("recorder.log"), "this worker records " + cache))
                .isEqualTo(1);
    }

    @AfterAll
    static void noWorkerRemains() throws IOException {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(WorkerProcesses.running()).isEmpty());
        if (shared != null) {
            delete(shared);
        }
    }

    @Test
    void theNextWorkerMapsTheCacheAndServes() throws Exception {
        try (ProcessWorkerLauncher launcher = launcher(cds, 0)) {
            WorkerHandle worker = launch(launcher, manifest, dir, "mapped");
            try {
                assertThat(commandLine(worker)).contains("-XX:AOTCache=" + cache);
                assertThat(execute(worker, "mapped")).contains("mapped");
                assertThat(occurrences(dir.resolve("mapped.log"), "maps " + cache))
                        .isEqualTo(1);
                assertThat(Files.readString(dir.resolve("mapped.log"))).doesNotContain("[error]");
            } finally {
                worker.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aCorruptedCacheIsNotMappedAndIsMadeAgain() throws Exception {
        Path mine = copyOfCaches();
        Path corrupted = mine.resolve(cache.getFileName());
        corrupted.toFile().setWritable(true);
        try (RandomAccessFile file = new RandomAccessFile(corrupted.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[4096]);
        }
        try (ProcessWorkerLauncher launcher = launcher(mine, 0)) {
            WorkerHandle worker = launch(launcher, manifest, dir, "corrupt");
            assertThat(commandLine(worker)).contains("-XX:AOTCacheOutput=").doesNotContain("-XX:AOTCache=");
            assertThat(execute(worker, "still serves")).contains("still serves");
            assertThat(occurrences(dir.resolve("corrupt.log"), "failed its checksum"))
                    .isEqualTo(1);
            assertThat(worker.stop(Duration.ofSeconds(30))).isZero();
            await().atMost(MADE).until(() -> checked(corrupted));

            WorkerHandle next = launch(launcher, manifest, dir, "remade");
            try {
                assertThat(commandLine(next)).contains("-XX:AOTCache=" + corrupted);
                assertThat(execute(next, "remade")).contains("remade");
            } finally {
                next.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aCacheOfAnotherPluginVersionIsNotMapped() throws Exception {
        Path mine = copyOfCaches();
        Path env = Path.of(System.getProperty("cordon.examples"), "echo", "target", "env")
                .toAbsolutePath();
        Path jar;
        try (Stream<Path> jars = Files.list(env)) {
            jar = jars.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        // A redeployed plugin: the same jar name, written anew.
        FileTime was = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(was.toMillis() + 60_000));
        try (ProcessWorkerLauncher launcher = launcher(mine, 0)) {
            WorkerHandle worker = launch(launcher, manifest, dir, "upgraded");
            try {
                assertThat(commandLine(worker))
                        .contains("-XX:AOTCacheOutput=")
                        .doesNotContain(cache.getFileName().toString());
                assertThat(execute(worker, "v2")).contains("v2");
                assertThat(occurrences(dir.resolve("upgraded.log"), "none yet; this worker records"))
                        .isEqualTo(1);
            } finally {
                worker.stop(Duration.ofSeconds(5));
            }
        } finally {
            Files.setLastModifiedTime(jar, was);
        }
    }

    @Test
    void anArchiveOfAnotherJdkIsRefusedByTheJvmAndTheWorkerRunsWithoutIt() throws Exception {
        Path host = Path.of(System.getProperty("java.home"), "bin", "java");
        assumeTrue(WorkerJdks.feature(host) < 25, "the host JVM is itself a JDK 25: no archive of another JDK here");
        Path mine = copyOfCaches();
        Path foreign = dir.resolve("jdk17.jsa");
        Process dump = new ProcessBuilder(
                        host.toString(),
                        "-XX:ArchiveClassesAtExit=" + foreign,
                        "--module-path",
                        System.getProperty("cordon.worker.lib"),
                        "-m",
                        "dev.cordon.worker/dev.cordon.worker.Main",
                        "--help")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dump.out").toFile())
                .start();
        assertThat(dump.waitFor()).isZero();
        // Bytes the checksum accepts (as if copied in whole from a machine with another JDK at the same path).
        Path target = mine.resolve(cache.getFileName());
        target.toFile().setWritable(true);
        Files.copy(foreign, target, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(target.resolveSibling(target.getFileName() + ".crc"), crc(target) + "\n");
        try (ProcessWorkerLauncher launcher = launcher(mine, 0)) {
            WorkerHandle worker = launch(launcher, manifest, dir, "foreign");
            try {
                assertThat(commandLine(worker)).contains("-XX:AOTCache=" + target);
                assertThat(execute(worker, "without")).contains("without");
                assertThat(occurrences(dir.resolve("foreign.log"), "Unable to map shared spaces"))
                        .isEqualTo(1);
            } finally {
                worker.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void twoWorkersRacingToMakeTheFirstCacheLeaveOneValidCache() throws Exception {
        Path mine = dir.resolve("race");
        // Two launchers on one folder, as two hosts sharing a data folder would be.
        try (ProcessWorkerLauncher one = launcher(mine, 0);
                ProcessWorkerLauncher two = launcher(mine, 0)) {
            CompletableFuture<WorkerHandle> a = CompletableFuture.supplyAsync(() -> launch(one, manifest, dir, "a"));
            CompletableFuture<WorkerHandle> b = CompletableFuture.supplyAsync(() -> launch(two, manifest, dir, "b"));
            List<WorkerHandle> both = List.of(a.get(), b.get());
            for (WorkerHandle h : both) {
                assertThat(execute(h, h.instanceId())).contains(h.instanceId());
            }
            long recording = both.stream()
                    .filter(h -> commandLine(h).contains("-XX:AOTCacheOutput="))
                    .count();
            assertThat(recording).isEqualTo(1);
            for (WorkerHandle h : both) {
                assertThat(h.stop(Duration.ofSeconds(30))).isZero();
            }
            await().atMost(MADE).until(() -> files(mine, ".aot"), f -> f.size() == 1 && checked(f.get(0)));
            assertThat(files(mine, ".part")).isEmpty();

            WorkerHandle third = launch(two, manifest, dir, "c");
            try {
                assertThat(commandLine(third))
                        .contains("-XX:AOTCache=" + files(mine, ".aot").get(0));
                assertThat(execute(third, "third")).contains("third");
            } finally {
                third.stop(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void sparesStartFromTheCache() throws Exception {
        Path mine = copyOfCaches();
        try (ProcessWorkerLauncher launcher = launcher(mine, 1)) {
            WorkerHandle first = launch(launcher, manifest, dir, "first");
            first.stop(Duration.ofSeconds(5));
            await().atMost(START).until(() -> launcher.sparesReady() == 1);
            WorkerHandle fromSpare = launch(launcher, manifest, dir, "from-spare");
            try {
                assertThat(commandLine(fromSpare)).contains("-XX:AOTCache=" + mine.resolve(cache.getFileName()));
                assertThat(Files.readString(dir.resolve("from-spare.log"))).contains("Taken by instance from-spare");
                assertThat(execute(fromSpare, "spare")).contains("spare");
            } finally {
                fromSpare.stop(Duration.ofSeconds(5));
            }
        }
    }

    private Path copyOfCaches() throws IOException {
        Path mine = dir.resolve("cds");
        Files.createDirectories(mine);
        for (Path f : files(cds, "")) {
            if (!f.toString().endsWith(".lock") && !f.toString().endsWith(".log")) {
                Files.copy(f, mine.resolve(f.getFileName()));
            }
        }
        return mine;
    }

    private static ProcessWorkerLauncher launcher(Path cacheDir, int spares) {
        return new ProcessWorkerLauncher(LauncherSettings.from(key -> switch (key) {
            case "cordon.worker.cds.dir" -> cacheDir.toString();
            case "cordon.worker.java" -> java.toString();
            case "cordon.worker.spares" -> Integer.toString(spares);
            default -> System.getProperty(key);
        }));
    }

    private static WorkerHandle launch(ProcessWorkerLauncher launcher, Path manifest, Path logs, String instance) {
        return launcher.launch(
                PluginLoadSpec.of("echo", manifest),
                new LaunchOptions(instance, Map.of(), logs.resolve(instance + ".log"), START));
    }

    private static String execute(WorkerHandle h, String text) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(h.url().resolve("/execute"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + h.token().orElseThrow())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kwargs\": {\"text\": \"" + text + "\"}}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String commandLine(WorkerHandle h) {
        return ProcessHandle.of(h.pid()).flatMap(p -> p.info().commandLine()).orElse("");
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(folder)) {
            return all.filter(f -> f.getFileName().toString().endsWith(suffix)
                            || (suffix.equals(".part")
                                    && f.getFileName().toString().contains(".part-")))
                    .sorted()
                    .toList();
        }
    }

    /** Whether the archive is in place with a checksum file that matches its bytes. */
    private static boolean checked(Path archive) {
        Path sum = archive.resolveSibling(archive.getFileName() + ".crc");
        try {
            return Files.isRegularFile(archive)
                    && Files.isRegularFile(sum)
                    && Files.readString(sum).strip().equals(crc(archive));
        } catch (IOException e) {
            return false;
        }
    }

    private static String crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] bytes = Files.readAllBytes(file);
        crc.update(bytes);
        return String.format("crc32c=%08x size=%d", crc.getValue(), bytes.length);
    }

    private static int occurrences(Path log, String text) throws IOException {
        String all = Files.readString(log);
        int n = 0;
        for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
