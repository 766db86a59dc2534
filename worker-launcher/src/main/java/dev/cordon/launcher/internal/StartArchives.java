package dev.cordon.launcher.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up archives of Java workers, all in one folder, each made by the first worker that finds none: a real
 * worker serving real calls that records what it loads and, on its way out, writes it down.
 *
 * <ul>
 *   <li>On JDK 25 and later, an <b>AOT cache</b> per plugin (JEP 483/514/515: classes loaded and linked, method
 *       profiles). The recording worker runs with {@code -XX:AOTMode=record}; after it exits the launcher makes the
 *       cache from that recording in a separate JVM ({@code -XX:AOTMode=create}, on a thread of its own), so the
 *       worker's stop does not wait for it. The name holds a digest of the JDK, the worker's JVM options and
 *       command line, the worker's jars and the files in the plugin's environment folder, so a changed plugin,
 *       option or JDK never maps a stale cache.</li>
 *   <li>On JDK 17–24, one dynamic class-data archive for all plugins that share a JDK and JVM options
 *       ({@code -XX:ArchiveClassesAtExit}, written by the JVM as the recording worker exits).</li>
 * </ul>
 *
 * <p>An archive is moved into place whole, then a checksum file beside it; a worker maps an archive only once its
 * checksum has been seen to match (checked once per file and launcher), because a JVM that maps corrupted bytes can
 * crash instead of starting. A corrupted archive is deleted and made again; each worker's log says in one line
 * which archive it maps, or why none. Only one worker records a given archive at a time, also across host
 * processes sharing the folder (a lock file); the others start without it meanwhile. Options a manifest or the
 * settings give for class-data sharing themselves ({@code -Xshare:off}, {@code -XX:SharedArchiveFile},
 * {@code -XX:AOTCache}…) turn this off for that worker.
 */
final class StartArchives implements AutoCloseable {

    /** How long a recording worker gets to exit before it is killed: it writes its recording on the way out. */
    static final Duration RECORDING_STOP_GRACE = Duration.ofSeconds(30);

    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
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
    private final AtomicInteger sequence = new AtomicInteger();
    private final Set<Process> creating = ConcurrentHashMap.newKeySet();
    private final ExecutorService maker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cordon-start-archives");
        t.setDaemon(true);
        return t;
    });

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
        Path recorded = dir.resolve(aot ? part + ".aotconf" : part);
        List<String> options = aot
                ? List.of(
                        "-XX:AOTMode=record",
                        "-XX:AOTConfiguration=" + recorded,
                        "-Xlog:aot=error:stderr",
                        // The JVM reports the recording on stdout, which carries the handshake and nothing else.
                        "-XX:+DisplayVMOutputToStderr")
                : List.of("-XX:ArchiveClassesAtExit=" + recorded);
        Runnable afterExit = aot
                ? () -> createAotCache(java, jvmOptions, rest, recorded, dir.resolve(part), archive, claim)
                : () -> install(recorded, archive, claim);
        String note =
                "Start-up archive: " + (unusable != null ? unusable + "; this worker starts without it" : "none yet")
                        + "; this worker records " + archive + " (" + kind + ")"
                        + (aot ? ", made after it exits" : ", written as it exits");
        return new Plan(with(java, jvmOptions, options, rest), Optional.of(note), true, () -> {
            try {
                maker.execute(afterExit);
            } catch (RejectedExecutionException closed) {
                files.deleteQuietly(recorded);
                claim.release();
            }
        });
    }

    /** Makes the AOT cache from a recording in a JVM of its own, then moves it into place. */
    private void createAotCache(
            String java,
            List<String> jvmOptions,
            List<String> rest,
            Path recording,
            Path part,
            Path archive,
            ArchiveFiles.Claim claim) {
        Process process = null;
        try {
            if (!Files.isRegularFile(recording) || Files.size(recording) == 0) {
                LOG.info("No AOT cache made for {}: its recording worker exited without writing one", archive);
                return;
            }
            List<String> create = with(
                    java,
                    jvmOptions,
                    List.of(
                            "-XX:AOTMode=create",
                            "-XX:AOTConfiguration=" + recording,
                            "-XX:AOTCache=" + part,
                            "-Xlog:aot=error:stderr"),
                    rest);
            Path log = dir.resolve(archive.getFileName() + ".log");
            process = new ProcessBuilder(create)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            creating.add(process);
            if (!process.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Making the AOT cache {} took over {} s and was stopped; the next worker records it again",
                        archive,
                        CREATE_TIMEOUT.toSeconds());
            } else if (process.exitValue() != 0) {
                LOG.warn(
                        "Making the AOT cache {} failed with exit status {}; see {}; workers start without it",
                        archive,
                        process.exitValue(),
                        log);
            } else {
                install(part, archive, null);
            }
        } catch (IOException e) {
            LOG.warn("Cannot make the AOT cache {}: {}; workers start without it", archive, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process != null) {
                process.destroyForcibly();
                creating.remove(process);
            }
            files.deleteQuietly(recording);
            files.deleteQuietly(part);
            claim.release();
        }
    }

    /** Moves a finished archive into place with its checksum; {@code claim}, when given, is released after. */
    private void install(Path part, Path archive, ArchiveFiles.Claim claim) {
        try {
            if (Files.isRegularFile(part) && Files.size(part) > 0) {
                files.install(part, archive);
                LOG.info("Start-up archive {} made ({} kB)", archive, Files.size(archive) / 1024);
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

    /**
     * Finishes the caches being made from recordings that have ended (a host that runs one command and stops would
     * otherwise never keep one), for at most {@link #CLOSE_WAIT}; what is still running then is stopped and its files
     * deleted. Recordings that end later are dropped.
     */
    @Override
    public void close() {
        maker.shutdown();
        try {
            if (!maker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Start-up archives still being made after {} s are abandoned", CLOSE_WAIT.toSeconds());
                maker.shutdownNow();
                for (Process p : creating) {
                    p.destroyForcibly();
                }
                maker.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            maker.shutdownNow();
            for (Process p : creating) {
                p.destroyForcibly();
            }
            Thread.currentThread().interrupt();
        }
    }
}
