package dev.cordon.scheduler.internal.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The memory limit of the control group this process runs in, and what the group uses of it.
 *
 * <p>Reads cgroup v2 ({@code memory.max}, {@code memory.current}) or v1 ({@code memory.limit_in_bytes},
 * {@code memory.usage_in_bytes}). The effective limit is the lowest one on the way from the process's group up
 * to the root, as the kernel enforces it. Page cache the kernel can drop ({@code inactive_file} of
 * {@code memory.stat}) does not count as used, as container runtimes report it.
 *
 * @param limitBytes the effective limit
 * @param usedBytes what the group uses, less reclaimable page cache
 */
record CgroupMemoryLimit(long limitBytes, long usedBytes) {

    /** Limits at or above this are the kernel's way of saying "no limit" (v1 writes 2^63 rounded to a page). */
    private static final long UNLIMITED = 1L << 62;

    /** What is left under the limit, in bytes. */
    long availableBytes() {
        return Math.max(0, limitBytes - usedBytes);
    }

    /**
     * Reads the limit for the process whose {@code /proc/self/cgroup} lies under {@code procRoot}, with the
     * cgroup filesystem mounted at {@code cgroupRoot}; empty when no limit applies or no memory controller is
     * mounted.
     */
    static Optional<CgroupMemoryLimit> read(Path procRoot, Path cgroupRoot) {
        Optional<String> membership = TextFiles.readIfPresent(procRoot.resolve("self/cgroup"));
        if (membership.isEmpty()) {
            return Optional.empty();
        }
        Path v1 = cgroupRoot.resolve("memory");
        if (Files.isDirectory(v1)) {
            return groupPath(membership.get(), true)
                    .flatMap(p ->
                            readGroup(v1, p, "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"));
        }
        if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
            return groupPath(membership.get(), false)
                    .flatMap(p -> readGroup(cgroupRoot, p, "memory.max", "memory.current", "inactive_file"));
        }
        return Optional.empty();
    }

    /** The group path of the memory controller (v1) or of the unified hierarchy (v2, the {@code 0::} line). */
    private static Optional<String> groupPath(String membership, boolean v1) {
        for (String line : membership.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            boolean match = v1 ? Arrays.asList(f[1].split(",")).contains("memory") : f[0].equals("0") && f[1].isEmpty();
            if (match) {
                return Optional.of(f[2].trim());
            }
        }
        return Optional.empty();
    }

    private static Optional<CgroupMemoryLimit> readGroup(
            Path mount, String groupPath, String limitFile, String usageFile, String inactiveKey) {
        // Inside a cgroup namespace the listed path may not exist under the mount: the mount is the group.
        Path own = mount.resolve(groupPath.replaceFirst("^/+", "")).normalize();
        if (!own.startsWith(mount) || !Files.isDirectory(own)) {
            own = mount;
        }
        long limit = Long.MAX_VALUE;
        for (Path dir = own; dir != null && dir.startsWith(mount); dir = dir.getParent()) {
            OptionalLong value = number(dir.resolve(limitFile));
            if (value.isPresent()) {
                limit = Math.min(limit, value.getAsLong());
            }
        }
        OptionalLong usage = number(own.resolve(usageFile));
        if (limit >= UNLIMITED || usage.isEmpty()) {
            return Optional.empty();
        }
        long inactive = TextFiles.readIfPresent(own.resolve("memory.stat"))
                .map(stat -> statValue(stat, inactiveKey))
                .orElse(0L);
        return Optional.of(new CgroupMemoryLimit(limit, Math.max(0, usage.getAsLong() - inactive)));
    }

    /** A file holding one number; {@code max} (v2's "no limit") and unreadable files are empty. */
    private static OptionalLong number(Path file) {
        String text = TextFiles.readIfPresent(file).map(String::trim).orElse("");
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static long statValue(String stat, String key) {
        for (String line : stat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals(key) && f[1].matches("\\d+")) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }
}
