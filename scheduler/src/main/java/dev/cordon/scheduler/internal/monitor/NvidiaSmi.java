package dev.cordon.scheduler.internal.monitor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@code nvidia-smi} queries, each bounded by a timeout. A missing executable, a failing run or one that
 * overruns its timeout all answer empty: the monitor then reports no GPU.
 */
final class NvidiaSmi {

    private static final System.Logger LOG = System.getLogger(NvidiaSmi.class.getName());

    private final Optional<Path> executable;
    private final Duration timeout;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    /**
     * @param executable the {@code nvidia-smi} to run; empty when there is none
     * @param timeout how long one query may run before it is killed
     */
    NvidiaSmi(Optional<Path> executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** The first executable file named {@code nvidia-smi} on the {@code PATH}, if any. */
    static Optional<Path> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "nvidia-smi");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether there is an executable to ask. */
    boolean present() {
        return executable.isPresent();
    }

    /** The GPU query's CSV; empty when it cannot be had. */
    Optional<String> queryGpus() {
        return run("--query-gpu=" + NvidiaSmiParser.GPU_QUERY, "--format=csv,noheader,nounits");
    }

    /** The compute-apps query's CSV; empty when it cannot be had. */
    Optional<String> queryProcesses() {
        return run("--query-compute-apps=" + NvidiaSmiParser.APPS_QUERY, "--format=csv,noheader,nounits");
    }

    private Optional<String> run(String... args) {
        if (executable.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(executable.get().toString());
        command.addAll(List.of(args));
        Process process = null;
        try {
            // Output goes to a file so that a chatty run can never block on a full pipe before the timeout.
            Path out = Files.createTempFile("cordon-nvidia-smi", ".csv");
            try {
                process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    logOnce(command + " did not finish within " + timeout.toMillis() + " ms; reporting no GPU");
                    return Optional.empty();
                }
                if (process.exitValue() != 0) {
                    logOnce(command + " exited with status " + process.exitValue() + "; reporting no GPU");
                    return Optional.empty();
                }
                try (InputStream in = Files.newInputStream(out)) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            logOnce("cannot run " + command + ": " + e.getMessage() + "; reporting no GPU");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private void logOnce(String message) {
        if (failureLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, message + " (further failures are not logged)");
        }
    }
}
