package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel's own count of out-of-memory kills that concern a worker, read when the worker starts and again when
 * SIGKILL ended it: a higher count means the kill was an out-of-memory kill. The first readable of:
 * <ol>
 *   <li>cgroup v2: {@code oom_kill} in {@code memory.events} of the worker's cgroup ({@code 0::<path>} in
 *       {@code /proc/<pid>/cgroup}, under {@code /sys/fs/cgroup} or {@code /sys/fs/cgroup/unified});</li>
 *   <li>cgroup v1: {@code oom_kill} in {@code memory.oom_control} of the worker's memory cgroup, or of the memory
 *       hierarchy's mount root where the path is not visible (a container sees its own cgroup there);</li>
 *   <li>{@code oom_kill} in {@code /proc/vmstat}, every out-of-memory kill on the machine.</li>
 * </ol>
 * A cgroup path that names this host's own cgroup in full is also looked for below the mount's root, as a container
 * without a cgroup namespace shows it ({@link #visiblePaths}). A count covers every process of its scope: another process's out-of-memory kill in the same cgroup (or, with the
 * last source, anywhere) during the worker's life makes a coincident SIGKILL of the worker count as one. Where no
 * source is readable, no SIGKILL counts as an out-of-memory kill.
 */
record OomRecord(Path file, String source, long atStart) {

    private static final String KEY = "oom_kill";

    /** The first readable source for process {@code pid}, with its count now. */
    static Optional<OomRecord> of(long pid) {
        for (String[] candidate : candidates(pid)) {
            Path file = Path.of(candidate[0]);
            OptionalLong count = count(file);
            if (count.isPresent()) {
                return Optional.of(new OomRecord(file, candidate[1], count.getAsLong()));
            }
        }
        return Optional.empty();
    }

    /** Whether the count grew since the worker started. */
    boolean grew() {
        OptionalLong now = count(file);
        return now.isPresent() && now.getAsLong() > atStart;
    }

    private static List<String[]> candidates(long pid) {
        List<String[]> candidates = new ArrayList<>();
        try {
            Map<String, String> own = hierarchies(Path.of("/proc/self/cgroup"));
            for (Map.Entry<String, String> h :
                    hierarchies(Path.of("/proc", Long.toString(pid), "cgroup")).entrySet()) {
                List<String> paths = visiblePaths(h.getValue(), own.get(h.getKey()));
                if (h.getKey().equals("0:")) {
                    int at = 0;
                    for (String path : paths) {
                        candidates.add(at++, new String[] {"/sys/fs/cgroup" + path + "/memory.events", "cgroup v2"});
                        candidates.add(
                                at++, new String[] {"/sys/fs/cgroup/unified" + path + "/memory.events", "cgroup v2"});
                    }
                } else if (List.of(h.getKey()
                                .substring(h.getKey().indexOf(':') + 1)
                                .split(","))
                        .contains("memory")) {
                    for (String path : paths) {
                        candidates.add(
                                new String[] {"/sys/fs/cgroup/memory" + path + "/memory.oom_control", "cgroup v1"});
                    }
                    candidates.add(new String[] {"/sys/fs/cgroup/memory/memory.oom_control", "cgroup v1 mount root"});
                }
            }
        } catch (IOException e) {
            // No cgroup file: only the machine-wide count below remains.
        }
        candidates.add(new String[] {"/proc/vmstat", "machine-wide"});
        return candidates;
    }

    /** The lines of a {@code /proc/<pid>/cgroup} file: {@code <id>:<controllers>} to the cgroup's path. */
    private static Map<String, String> hierarchies(Path file) throws IOException {
        Map<String, String> byHierarchy = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3) {
                byHierarchy.put(parts[0] + ":" + parts[1], parts[2]);
            }
        }
        return byHierarchy;
    }

    /**
     * Where a cgroup's files may be under the mount: its path as the kernel gives it, and, when this host's own
     * cgroup of the same hierarchy is a prefix of it, the rest of it. A container without a cgroup namespace sees
     * its own cgroup at the mount's root while the paths in {@code /proc} still name it in full, so a cgroup made
     * inside the container (a memory limit around a worker) is found only by the second.
     */
    static List<String> visiblePaths(String path, String ownPath) {
        List<String> paths = new ArrayList<>(List.of(path));
        if (ownPath != null && !ownPath.equals("/") && path.startsWith(ownPath + "/")) {
            paths.add(path.substring(ownPath.length()));
        }
        return paths;
    }

    private static OptionalLong count(Path file) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(KEY)) {
                    return OptionalLong.of(Long.parseLong(kv[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Unreadable or malformed: the next source is tried.
        }
        return OptionalLong.empty();
    }
}
