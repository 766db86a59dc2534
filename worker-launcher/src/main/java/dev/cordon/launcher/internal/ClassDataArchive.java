package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A dynamic class-data-sharing archive of the Java worker's boot classes (JDK, Netty, Gson, Cordon's), which
 * saves a worker JVM about a quarter of its start time.
 *
 * <p>The archive is made by the first worker that finds none: it runs with {@code -XX:ArchiveClassesAtExit} and
 * the JVM writes the archive when that worker exits cleanly; the file is moved into place only then, so no
 * worker ever maps a half-written archive. Later workers map it with {@code -XX:SharedArchiveFile}. The name holds
 * a digest of the JVM and of the worker's jars (names, sizes, times), so an upgrade of either makes a new archive
 * instead of an invalid one. A JVM that finds an archive it cannot use ignores it ({@code -Xshare:auto}).
 */
final class ClassDataArchive {

    private final Path dir;
    private final Path archive;
    private final AtomicBoolean creating = new AtomicBoolean();

    ClassDataArchive(Path dir, String javaBinary, Path workerLib) {
        this.dir = dir;
        this.archive = dir.resolve("worker-" + digest(javaBinary, workerLib) + ".jsa");
    }

    /**
     * The JVM option for the next worker, and what to do when it exits.
     *
     * @return the option and an exit action; an empty option when another worker is making the archive now
     */
    Use next() {
        if (Files.isRegularFile(archive)) {
            return new Use(List.of("-XX:SharedArchiveFile=" + archive), () -> {});
        }
        if (!creating.compareAndSet(false, true)) {
            return new Use(List.of(), () -> {});
        }
        Path partial = dir.resolve(
                archive.getFileName() + ".part-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            creating.set(false);
            return new Use(List.of(), () -> {});
        }
        return new Use(List.of("-XX:ArchiveClassesAtExit=" + partial), () -> {
            try {
                if (Files.isRegularFile(partial) && Files.size(partial) > 0) {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                // Without an archive workers start a little slower; the next worker tries again.
            } finally {
                creating.set(false);
            }
        });
    }

    /**
     * The options for one worker and the action to run when that worker has exited.
     *
     * @param jvmOptions options to add to the worker's command line
     * @param onExit run once the worker process has exited
     */
    record Use(List<String> jvmOptions, Runnable onExit) {}

    private static String digest(String javaBinary, Path workerLib) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(javaBinary.getBytes(StandardCharsets.UTF_8));
            sha.update(System.getProperty("java.vm.version", "").getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> jars = Files.list(workerLib)) {
                for (Path jar : jars.sorted().toList()) {
                    sha.update((jar.getFileName() + ":" + Files.size(jar) + ":"
                                    + Files.getLastModifiedTime(jar).toMillis())
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unversioned";
        }
    }
}
