package dev.cordon.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the Cordon worker processes a test started, by their command line and state. */
public final class WorkerProcesses {

    private WorkerProcesses() {}

    /**
     * The pids of live workers (Java or Python) this JVM started (its descendants whose command line runs one):
     * other builds on the machine run workers of their own, which are none of this test's business.
     */
    public static List<Long> running() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("dev.cordon.worker/") || c.contains("cordon_worker.py"))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .filter(pid -> !exited(pid))
                .toList();
    }

    /** The process's state letter from {@code /proc/<pid>/stat} ({@code R}, {@code S}, {@code T}, {@code Z}…), or 0 once gone. */
    public static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (java.io.IOException gone) {
            return 0;
        }
    }

    /** Whether the process has exited: gone, or a zombie waiting to be reaped (it runs no more either way). */
    public static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return true;
        }
    }
}
