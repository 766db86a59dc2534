package dev.cordon.worker.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU and memory of this process and all its descendants, read from {@code /proc}. CPU % is measured between two
 * samples (100 % = one core busy); the first sample measures since the process started.
 */
final class ProcessTree {

    private static final double TICKS_PER_SECOND = 100.0;
    private final long root = ProcessHandle.current().pid();
    private long lastTicks;
    private long lastNanos = startNanos();

    /** One sample: the pids of the tree, CPU % since the previous sample, resident memory in MiB. */
    record Sample(List<Long> pids, double cpuPercent, double rssMb) {}

    synchronized Sample sample() {
        List<Long> pids = new ArrayList<>();
        pids.add(root);
        ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
        long ticks = 0;
        long rssKb = 0;
        for (long pid : pids) {
            ticks += cpuTicks(pid);
            rssKb += rssKb(pid);
        }
        long now = System.nanoTime();
        double seconds = Math.max(1e-6, (now - lastNanos) / 1e9);
        double cpu = Math.max(0.0, (ticks - lastTicks) / TICKS_PER_SECOND / seconds * 100.0);
        lastTicks = ticks;
        lastNanos = now;
        return new Sample(pids, Math.round(cpu * 10.0) / 10.0, Math.round(rssKb / 1024.0 * 100.0) / 100.0);
    }

    private static long startNanos() {
        long uptime = ProcessHandle.current()
                .info()
                .startInstant()
                .map(start -> java.time.Duration.between(start, java.time.Instant.now())
                        .toNanos())
                .orElse(0L);
        return System.nanoTime() - uptime;
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3); utime and stime are fields 14 and 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Kills every descendant of this process at once (SIGKILL). */
    static void killDescendants() {
        if (hasChildren()) {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Whether this process has a child, from the {@code children} files of its own threads: a few small reads,
     * where walking the descendants reads the {@code stat} of every process on the machine (tens of milliseconds on
     * a busy one). {@code true} when the kernel does not offer those files.
     */
    private static boolean hasChildren() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (!Files.readString(task.resolve("children")).isBlank()) {
                        return true;
                    }
                } catch (NoSuchFileException e) {
                    if (Files.isDirectory(task)) {
                        return true; // the thread is there, its children file is not: no such files here
                    }
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
