package dev.cordon.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/cordon} of a distribution copy as a real process. */
final class CordonProcess {

    private CordonProcess() {}

    /**
     * The outcome of a finished run.
     *
     * @param exitCode the process's exit status
     * @param stdout everything it printed on stdout
     * @param stderr everything it printed on stderr
     */
    record Result(int exitCode, String stdout, String stderr) {}

    /** Starts {@code bin/cordon args…} in {@code home}; output goes to files beside it. */
    static Process start(Path home, String... args) throws IOException {
        return startNamed(home, "", args);
    }

    /**
     * Starts {@code bin/cordon args…} with its output in {@code <name>stdout.txt} and {@code <name>stderr.txt}, so
     * processes running at once on one home keep their output apart.
     */
    static Process startNamed(Path home, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/cordon").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(home.resolve(name + "stdout.txt").toFile())
                .redirectError(home.resolve(name + "stderr.txt").toFile());
        pb.environment().remove("CORDON_HOME");
        pb.environment().remove("CORDON_DATA");
        return pb.start();
    }

    /** Runs to completion, killing the process tree if it takes longer than {@code timeoutSeconds}. */
    static Result run(Path home, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return runNamed(home, "", timeoutSeconds, args);
    }

    /** {@link #run} with the output files named as by {@link #startNamed}. */
    static Result runNamed(Path home, String name, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Process p = startNamed(home, name, args);
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("bin/cordon " + String.join(" ", args) + " did not finish within "
                        + timeoutSeconds + " s; stderr: " + read(home.resolve(name + "stderr.txt")));
            }
            return new Result(
                    p.exitValue(), read(home.resolve(name + "stdout.txt")), read(home.resolve(name + "stderr.txt")));
        } finally {
            kill(p);
        }
    }

    static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
