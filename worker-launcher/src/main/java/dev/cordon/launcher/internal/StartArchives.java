package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up archives of Java workers, all in one folder, each made by the first worker that finds none: a real
 * worker serving real calls that records what it loads and, on its way out, writes it down.
 *
 * <ul>
 *   <li>On JDK 25 and later, an <b>AOT cache</b> per plugin (JEP 483/514/515: classes loaded and linked, method
 *       profiles). The recording worker runs with {@code -XX:AOTCacheOutput} (JEP 514): as it exits, the JVM makes
 *       the cache in a child JVM it waits for (a few seconds; such a worker gets {@link #RECORDING_STOP_GRACE} to
 *       stop), and the launcher moves it into place. The name holds a digest of the JDK, the worker's JVM options and
 *       command line, the worker's jars and the files in the plugin's environment folder, so a changed plugin,
 *       option or JDK never maps a stale cache.</li>
 *   <li>On JDK 17–24, one dynamic class-data archive for all plugins that share a JDK and JVM options
 *       ({@code -XX:ArchiveClassesAtExit}, written by the JVM as the recording worker exits).</li>
 * </ul>
 *
 * <p>An archive is moved into place whole, then a checksum file beside it; a worker maps an archive only once its
 * checksum has been seen to match (checked once per file and launcher), because a JVM that maps corrupted bytes can
 * crash instead of starting. A corrupted archive is deleted and made again; each worker's log says in one line
 * which archive it maps, or why none. Archives of earlier plugin versions, JDKs and options go once no worker has
 * mapped them for a while ({@link StaleArchives}). Only one worker records a given archive at a time, also across host
 * processes sharing the folder (a lock file); the others start without it meanwhile. Options a manifest or the
 * settings give for class-data sharing themselves ({@code -Xshare:off}, {@code -XX:SharedArchiveFile},
 * {@code -XX:AOTCache}…) turn this off for that worker.
 */
final class StartArchives {

    /** How long a recording worker gets to exit before it is killed: it writes its recording on the way out. */
    static final Duration RECORDING_STOP_GRACE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(StartArchives.class);
    private static final List<String> SHARING_OPTIONS = List.of(
            "-Xshare:off",
            "-Xshare:on",
            "-Xshare:dump",
            "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit",
            "-XX:AOTCache",
            "-XX:AOTMode",
            "-XX:AOTConfiguration",
            "-XX:AOTCacheOutput");

    private final Path dir;
    private final ArchiveFiles files = new ArchiveFiles();
    private final StaleArchives stale = new StaleArchives(files, StaleArchives.UNUSED_FOR);
    private final AtomicInteger sequence = new AtomicInteger();

    StartArchives(Path dir) {
        this.dir = dir;
    }

    /**
     * What one worker does about its start-up archive.
     *
     * @param command the worker's command line, with the archive's options
     * @param note one line for the worker's log saying which archive it maps or why none; empty when the worker's own
     *     options decide
     * @param recording whether this worker records the archive: its stop should allow {@link #RECORDING_STOP_GRACE}
     * @param onExit run once the worker has exited (installs what it recorded)
     */
    record Plan(List<String> command, Optional<String> note, boolean recording, Runnable onExit) {

        static Plan unchanged(List<String> command) {
            return new Plan(command, Optional.empty(), false, () -> {});
        }
    }

    /**
     * The plan for a worker to be started with {@code command} (the JVM first, then its options, then
     * {@code --module-path}).
     *
     * @param jdk the JDK of {@code command}'s JVM, empty when unknown (no archive then)
     * @param workerLib the worker's module path
     * @param envDir the plugin's environment folder
     * @param plugin the plugin's name, for the AOT cache's file name
     */
    Plan plan(List<String> command, Optional<JavaRuntime> jdk, Path workerLib, Optional<Path> envDir, String plugin) {
        int split = command.indexOf("--module-path");
        if (jdk.isEmpty() || split < 1) {
            return Plan.unchanged(command);
        }
        List<String> jvmOptions = new ArrayList<>(command.subList(1, split));
        if (jvmOptions.stream().anyMatch(o -> SHARING_OPTIONS.stream().anyMatch(o::startsWith))) {
            return Plan.unchanged(command);
        }
        boolean aot = jdk.get().aotCache();
        if (aot) {
            // The JVM refuses -Xshare:auto (its default anyway) beside the AOT cache's options.
            jvmOptions.removeIf(o -> o.equals("-Xshare:auto"));
        }
        List<String> rest = command.subList(split, command.size());
        Path archive = dir.resolve(
                aot
                        ? ArchiveFiles.safe(plugin) + "-jdk" + jdk.get().feature() + "-"
                                + ArchiveFiles.digest(jdk.get(), jvmOptions, rest, workerLib, envDir) + ".aot"
                        : "worker-jdk" + jdk.get().feature() + "-"
                                + ArchiveFiles.digest(jdk.get(), jvmOptions, List.of(), workerLib, Optional.empty())
                                + ".jsa");
        String kind = (aot ? "AOT cache" : "class-data archive") + ", JDK "
                + jdk.get().feature();
        String unusable = null;
        if (Files.isRegularFile(archive)) {
            ArchiveFiles.Check check = files.check(archive);
            if (check == ArchiveFiles.Check.VALID) {
                stale.markUsed(archive);
                stale.sweepNowAndThen(archive);
                return new Plan(
                        with(command.get(0), jvmOptions, List.of(useOption(aot, archive)), rest),
                        Optional.of("Start-up archive: maps " + archive + " (" + kind + ")"),
                        false,
                        () -> {});
            }
            unusable = archive
                    + (check == ArchiveFiles.Check.CORRUPT
                            ? " failed its checksum (its bytes changed after it was made)"
                            : " has no checksum yet");
        }
        // Whoever holds the claim is recording or installing this archive; without it, leave the file alone.
        Optional<ArchiveFiles.Claim> claim = files.claim(archive);
        if (claim.isEmpty()) {
            return new Plan(
                    with(command.get(0), jvmOptions, List.of(), rest),
                    Optional.of("Start-up archive: " + (unusable != null ? unusable + "; " : "")
                            + "another worker is making " + archive.getFileName() + " now; this worker starts "
                            + "without one"),
                    false,
                    () -> {});
        }
        if (unusable != null) {
            files.delete(archive);
        }
        return recording(command.get(0), jvmOptions, rest, archive, aot, kind, unusable, claim.get());
    }

    private Plan recording(
            String java,
            List<String> jvmOptions,
            List<String> rest,
            Path archive,
            boolean aot,
            String kind,
            String unusable,
            ArchiveFiles.Claim claim) {
        String part =
                archive.getFileName() + ".part-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet();
        Path recorded = dir.resolve(part);
        List<String> options = aot
                ? List.of(
                        // JEP 514: the exiting JVM makes the cache itself, in a child JVM it waits for.
                        "-XX:AOTCacheOutput=" + recorded,
                        "-Xlog:aot=error:stderr",
                        // The JVM reports the recording on stdout, which carries the handshake and nothing else.
                        "-XX:+DisplayVMOutputToStderr")
                : List.of("-XX:ArchiveClassesAtExit=" + recorded);
        String note =
                "Start-up archive: " + (unusable != null ? unusable + "; this worker starts without it" : "none yet")
                        + "; this worker records " + archive + " (" + kind + "), written as it exits";
        return new Plan(
                with(java, jvmOptions, options, rest),
                Optional.of(note),
                true,
                () -> install(recorded, archive, claim));
    }

    /** Moves a finished archive into place with its checksum; {@code claim}, when given, is released after. */
    private void install(Path part, Path archive, ArchiveFiles.Claim claim) {
        try {
            if (Files.isRegularFile(part) && Files.size(part) > 0) {
                files.install(part, archive);
                LOG.info("Start-up archive {} made ({} kB)", archive, Files.size(archive) / 1024);
                stale.sweep(archive);
            }
        } catch (IOException e) {
            LOG.warn(
                    "Cannot put the start-up archive {} in place: {}; the next worker records it again",
                    archive,
                    e.toString());
        } finally {
            files.deleteQuietly(part);
            if (claim != null) {
                claim.release();
            }
        }
    }

    private static String useOption(boolean aot, Path archive) {
        return (aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
    }

    private static List<String> with(String java, List<String> jvmOptions, List<String> added, List<String> rest) {
        List<String> command = new ArrayList<>(1 + jvmOptions.size() + added.size() + rest.size());
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(added);
        command.addAll(rest);
        return command;
    }
}
