package dev.cordon.installer.internal;

import dev.cordon.installer.InstallFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external step of an install (a venv, a pip run, an introspection) with a time limit: its output (stdout
 * and stderr together) goes line by line to a listener and is kept, and a step that fails or runs too long fails the
 * install with the step's name, its exit status and the last lines it printed. The process and its descendants are
 * killed on timeout and always reaped.
 */
public final class StepRunner {

    private static final int KEPT_LINES = 400;
    private static final int SHOWN_LINES = 25;

    private final String plugin;
    private final Duration timeout;

    /**
     * @param plugin the plugin being installed, for messages
     * @param timeout the longest one step may run
     */
    public StepRunner(String plugin, Duration timeout) {
        this.plugin = plugin;
        this.timeout = timeout;
    }

    /**
     * The output of a finished step.
     *
     * @param exitCode the process's exit status
     * @param lines its output lines (at most the last {@value #KEPT_LINES})
     */
    public record Output(int exitCode, List<String> lines) {

        /** The last {@code n} lines, one per line, for a message. */
        public String tail(int n) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /**
     * Runs {@code command}; fails the install unless it exits 0.
     *
     * @param step what the step does, for messages ("creating the virtual environment")
     * @param environment variables to set (on top of this process's environment) or, with a {@code null} value,
     *     to remove
     * @param lines receives each output line as it comes
     * @throws InstallFailedException when it cannot start, exits non-zero or runs longer than the limit
     */
    public Output run(
            String step, List<String> command, Path workDir, Map<String, String> environment, Consumer<String> lines) {
        Output out = runAllowingFailure(step, command, workDir, environment, lines);
        if (out.exitCode() != 0) {
            throw new InstallFailedException(
                    plugin,
                    "Installing '" + plugin + "' failed while " + step + ": " + command.get(0) + " exited with status "
                            + out.exitCode() + ". Its last output:\n" + out.tail(SHOWN_LINES));
        }
        return out;
    }

    /**
     * Runs {@code command} and returns its output whatever its exit status.
     *
     * @throws InstallFailedException when it cannot start or runs longer than the limit
     */
    public Output runAllowingFailure(
            String step, List<String> command, Path workDir, Map<String, String> environment, Consumer<String> lines) {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        environment.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InstallFailedException(
                    plugin,
                    "Installing '" + plugin + "' failed while " + step + ": cannot run " + command.get(0) + ": "
                            + e.getMessage() + "; check that it is installed and on the PATH",
                    e);
        }
        Deque<String> kept = new ArrayDeque<>();
        Thread reader = new Thread(() -> pump(process, kept, lines), "cordon-install-output-" + plugin);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new InstallFailedException(
                        plugin,
                        "Installing '" + plugin + "' failed while " + step + ": " + command.get(0)
                                + " ran longer than " + timeout.toSeconds()
                                + " s and was stopped; raise cordon.install.step.timeout.s if it needs longer");
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new InstallFailedException(plugin, "Installing '" + plugin + "' was interrupted while " + step, e);
        }
        synchronized (kept) {
            return new Output(process.exitValue(), new ArrayList<>(kept));
        }
    }

    private static void pump(Process process, Deque<String> kept, Consumer<String> lines) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (kept) {
                    kept.addLast(line);
                    if (kept.size() > KEPT_LINES) {
                        kept.removeFirst();
                    }
                }
                lines.accept(line);
            }
        } catch (IOException e) {
            // The process was killed: what it printed so far is kept.
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
