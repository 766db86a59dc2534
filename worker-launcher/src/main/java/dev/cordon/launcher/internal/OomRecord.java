package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * A count covers every process of its scope: another process's out-of-memory kill in the same cgroup (or, with the
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
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3) {
                    continue;
                }
                if (parts[0].equals("0") && parts[1].isEmpty()) {
                    candidates.add(0, new String[] {"/sys/fs/cgroup" + parts[2] + "/memory.events", "cgroup v2"});
                    candidates.add(
                            1, new String[] {"/sys/fs/cgroup/unified" + parts[2] + "/memory.events", "cgroup v2"});
                } else if (List.of(parts[1].split(",")).contains("memory")) {
                    candidates.add(
                            new String[] {"/sys/fs/cgroup/memory" + parts[2] + "/memory.oom_control", "cgroup v1"});
                    candidates.add(new String[] {"/sys/fs/cgroup/memory/memory.oom_control", "cgroup v1 mount root"});
                }
            }
        } catch (IOException e) {
            // No cgroup file: only the machine-wide count below remains.
        }
        candidates.add(new String[] {"/proc/vmstat", "machine-wide"});
        return candidates;
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
