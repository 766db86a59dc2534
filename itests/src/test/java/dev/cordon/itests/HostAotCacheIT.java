package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cordon} of the assembled distribution on a JDK 25 or later ({@code CORDON_TEST_WORKER_JAVA}, or one
 * under {@code /usr/lib/jvm}; skipped without one): the first command records the launcher's AOT cache and a
 * background JVM makes it once that command has exited; the next start maps it; a corrupted cache is dropped with one
 * line and the command still runs; {@code CORDON_AOT=off} makes none. Making a cache deletes the caches of other
 * options, jars or JDKs that no JVM has opened for a week.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostAotCacheIT {

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final Duration MADE = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static Path java;
    private static Path home;
    private static Path cache;
    private static Result recording;
    private static Path unused;
    private static Path mappedToday;

    /** The outcome of one finished {@code bin/cordon} run. */
    private record Result(int exitCode, String stdout, String stderr) {}

    @BeforeAll
    static void theFirstCommandRecordsTheCache() throws Exception {
        Optional<Path> jdk = aotCapableJdk();
        assumeTrue(
                jdk.isPresent(),
                "no JDK 25 or later here: set CORDON_TEST_WORKER_JAVA or install one under /usr/lib/jvm");
        java = jdk.get();
        home = Distribution.copyTo(dir.resolve("cordon"));
        Path cds = Files.createDirectories(home.resolve("data/cds"));
        Instant weeksAgo = Instant.now().minus(Duration.ofDays(14));
        unused = oldCache(cds.resolve("host-jdk25-1.aot"), weeksAgo, weeksAgo);
        mappedToday = oldCache(cds.resolve("host-jdk25-2.aot"), weeksAgo, Instant.now());

        recording = run("recording", Map.of(), "shell", "-c", "cordon:status");

        cache = await().atMost(MADE)
                .until(() -> files(home.resolve("data/cds"), "host-"), f -> f.size() == 1 && isCache(f.get(0)))
                .get(0);
    }

    @Test
    @Order(1)
    void theRecordingRunPrintsItsResultAndTheCacheIsMadeOnce() throws Exception {
        assertThat(recording.exitCode()).as(recording.stderr()).isZero();
        assertThat(recording.stdout()).contains("dev.cordon.runtime").contains("active");
        assertThat(cache.getFileName().toString()).matches("host-jdk\\d+-\\d+\\.aot");
        // The background JVM that made it has finished: no lock, recording or part file stays behind.
        await().atMost(MADE).until(() -> files(home.resolve("data/cds"), "host-"), f -> f.equals(List.of(cache)));
    }

    @Test
    @Order(1)
    void makingTheCacheDeletesOnlyOtherCachesNoJvmHasOpenedForAWeek() {
        assertThat(unused).doesNotExist();
        assertThat(mappedToday).exists();
    }

    @Test
    @Order(2)
    void theNextStartMapsTheCacheAndRecordsNothing() throws Exception {
        Process serve = start("serve", Map.of(), "serve");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(read(home.resolve("serve-stdout.txt")))
                            .as("stderr: %s", read(home.resolve("serve-stderr.txt")))
                            .contains("Cordon ready"));
            // The script execs the JVM: the process started is the JVM that maps the cache.
            assertThat(Files.readString(Path.of("/proc", Long.toString(serve.pid()), "maps")))
                    .contains(cache.toString());
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                CordonProcess.kill(serve);
            }
        }
        Result again = run("again", Map.of(), "shell", "-c", "cordon:status");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stderr()).doesNotContain("AOTConfiguration recorded").doesNotContain("AOT cache");
        assertThat(files(home.resolve("data/cds"), "host-")).containsExactly(cache);
    }

    @Test
    @Order(3)
    void offMakesNoCache() throws Exception {
        Path data = dir.resolve("off-data");

        Result off = run("off", Map.of("CORDON_AOT", "off"), "--data", data.toString(), "shell", "-c", "cordon:status");

        assertThat(off.exitCode()).as(off.stderr()).isZero();
        assertThat(off.stdout()).contains("active");
        assertThat(off.stderr()).doesNotContain("AOTConfiguration recorded");
        assertThat(data.resolve("cds")).doesNotExist();
    }

    @Test
    @Order(4)
    void aCorruptedCacheIsDroppedAndTheCommandStillRuns() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(cache.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(new byte[4096]);
        }

        Result corrupt = run("corrupt", Map.of(), "shell", "-c", "cordon:status");

        assertThat(corrupt.exitCode()).as(corrupt.stderr()).isZero();
        assertThat(corrupt.stdout()).contains("dev.cordon.runtime").contains("active");
        assertThat(corrupt.stderr())
                .containsOnlyOnce("could not use the AOT cache " + cache)
                .contains("the next run makes a new one");
        assertThat(cache).doesNotExist();
    }

    private static Result run(String name, Map<String, String> env, String... args) throws Exception {
        Process p = start(name, env, args);
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("bin/cordon %s finishes; stderr: %s", String.join(" ", args), read(stderr(name)))
                    .isTrue();
            return new Result(p.exitValue(), read(home.resolve(name + "-stdout.txt")), read(stderr(name)));
        } finally {
            CordonProcess.kill(p);
        }
    }

    private static Process start(String name, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/cordon").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(home.resolve(name + "-stdout.txt").toFile())
                .redirectError(stderr(name).toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CORDON_") || k.equals("JAVA_HOME"));
        pb.environment().put("JAVA", java.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Path stderr(String name) {
        return home.resolve(name + "-stderr.txt");
    }

    /** A cache in place: no recording, part file or lock of it remains. */
    private static boolean isCache(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".aot") && !Files.exists(file.resolveSibling(name + ".lock"));
    }

    /** A cache of other options or jars, made and last opened at the times given. */
    private static Path oldCache(Path file, Instant made, Instant opened) throws IOException {
        Files.writeString(file, "an AOT cache of another option set");
        Files.getFileAttributeView(file, BasicFileAttributeView.class)
                .setTimes(FileTime.from(made), FileTime.from(opened), null);
        return file;
    }

    /** The folder's files named {@code prefix…}, but the planted cache that was mapped today. */
    private static List<Path> files(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .filter(f -> !f.equals(mappedToday))
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path file) throws IOException {
        return CordonProcess.read(file);
    }

    /** The {@code java} of a JDK 25 or later: the one {@code CORDON_TEST_WORKER_JAVA} names, or one installed. */
    private static Optional<Path> aotCapableJdk() throws IOException {
        String named = System.getenv("CORDON_TEST_WORKER_JAVA");
        if (named != null && !named.isBlank()) {
            Path j = Path.of(named.trim());
            return feature(j) >= 25 ? Optional.of(j) : Optional.empty();
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.map(h -> h.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .filter(j -> feature(j) >= 25)
                    .min(Comparator.naturalOrder());
        }
    }

    private static int feature(Path javaBinary) {
        try {
            Path jdkHome = javaBinary.toRealPath().getParent().getParent();
            Matcher m = VERSION.matcher(Files.readString(jdkHome.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
