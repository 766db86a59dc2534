package dev.cordon.scheduler.internal.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every process in {@code /proc} at one moment, with its parent, so that a process's descendants can be found.
 * Parents are read from each {@code stat} file rather than from {@code task/<tid>/children}, which kernels
 * built without {@code CONFIG_PROC_CHILDREN} lack.
 */
final class ProcessTable {

    private final Map<Long, ProcStat> byPid;
    private final Map<Long, List<Long>> childrenByPid;

    private ProcessTable(Map<Long, ProcStat> byPid) {
        this.byPid = byPid;
        this.childrenByPid = new HashMap<>();
        for (ProcStat stat : byPid.values()) {
            childrenByPid.computeIfAbsent(stat.ppid(), k -> new ArrayList<>()).add(stat.pid());
        }
    }

    /** Reads the processes under {@code procRoot}; one that exits while being read is left out. */
    static ProcessTable read(Path procRoot) {
        Map<Long, ProcStat> byPid = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot, p -> isPid(p.getFileName()))) {
            for (Path dir : dirs) {
                TextFiles.readIfPresent(dir.resolve("stat")).ifPresent(text -> {
                    ProcStat stat = ProcStat.parse(text);
                    byPid.put(stat.pid(), stat);
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the processes in " + procRoot + ": " + e.getMessage(), e);
        }
        return new ProcessTable(byPid);
    }

    private static boolean isPid(Path name) {
        String s = name.toString();
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** The process, if it exists. */
    Optional<ProcStat> get(long pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    /** Whether a process with this pid and start time still exists. */
    boolean contains(long pid, long startTime) {
        ProcStat stat = byPid.get(pid);
        return stat != null && stat.startTime() == startTime;
    }

    /** The process and all its descendants, the process first; empty when it does not exist. */
    List<ProcStat> tree(long pid) {
        ProcStat root = byPid.get(pid);
        if (root == null) {
            return List.of();
        }
        List<ProcStat> tree = new ArrayList<>();
        Deque<ProcStat> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            ProcStat stat = pending.removeFirst();
            tree.add(stat);
            for (long child : childrenByPid.getOrDefault(stat.pid(), List.of())) {
                // pid 0 is its own parent in some namespaces: guard against walking in a circle.
                if (child != stat.pid()) {
                    pending.addLast(byPid.get(child));
                }
            }
        }
        return tree;
    }
}
