package dev.cordon.launcher.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Process groups, the unit in which a worker and everything it started is killed. A worker is started through
 * {@code setsid(1)} (util-linux), which makes it the leader of a new session and process group (a child of the JVM is
 * never a group leader, so {@code setsid} execs the worker in place and its pid is the worker's); its children and
 * theirs inherit the group, even once they are re-parented after the worker's death. Java has no {@code killpg}, so a
 * group is signalled with {@code kill(1)}; where that cannot run, each member found in {@code /proc} is signalled
 * instead. A process that calls {@code setsid} itself leaves the group and is out of reach.
 */
final class ProcessGroups {

    private static final Optional<Path> SETSID = onPath("setsid");
    private static final Optional<Path> KILL = onPath("kill");

    private ProcessGroups() {}

    /** Whether workers can be started in a group of their own here. */
    static boolean available() {
        return SETSID.isPresent() && Files.isDirectory(Path.of("/proc/self"));
    }

    /** {@code command} run as the leader of a new process group, or unchanged where that is not available. */
    static List<String> leading(List<String> command) {
        if (!available()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.get().toString());
        wrapped.addAll(command);
        return wrapped;
    }

    /** {@code program} as {@code execvp} would find it: a path with a slash, else the first match on {@code path}. */
    static Optional<Path> executable(String program, String path) {
        if (program.contains("/")) {
            Path file = Path.of(program);
            return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program))
                .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f))
                .findFirst();
    }

    /**
     * Sends {@code signal} ({@code TERM}, {@code KILL}) to every process of group {@code pgid}; SIGKILL reaches stopped
     * processes too. A group already empty is no error.
     */
    static void signal(long pgid, String signal) {
        if (KILL.isPresent()) {
            try {
                Process kill = new ProcessBuilder(KILL.get().toString(), "-s", signal, "--", "-" + pgid)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (kill.waitFor(2, TimeUnit.SECONDS)) {
                    return;
                }
                kill.destroyForcibly();
            } catch (IOException e) {
                // No kill(1) after all: signal the members one by one below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (long pid : ProcStat.members(pgid)) {
            ProcessHandle.of(pid).ifPresent(p -> {
                if (signal.equals("KILL")) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
            });
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin"));
        if (path != null) {
            dirs.addAll(0, List.of(path.split(File.pathSeparator)));
        }
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
