package dev.cordon.scheduler.internal.monitor;

import java.util.HashMap;
import java.util.Map;

/**
 * The two figures of {@code /proc/meminfo} the monitor needs, in kB.
 *
 * @param totalKb {@code MemTotal}
 * @param availableKb {@code MemAvailable}; on kernels older than 3.14, which lack it, {@code MemFree + Buffers +
 *     Cached}
 */
record Meminfo(long totalKb, long availableKb) {

    /**
     * Parses the text of {@code /proc/meminfo}.
     *
     * @throws IllegalArgumentException if {@code MemTotal} is missing or a needed value is not a number
     */
    static Meminfo parse(String text) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] value = line.substring(colon + 1).trim().split("\\s+");
            try {
                kb.put(line.substring(0, colon).trim(), Long.parseLong(value[0]));
            } catch (NumberFormatException e) {
                // A line we do not need may hold anything; a needed one that is missing fails below.
            }
        }
        Long total = kb.get("MemTotal");
        if (total == null) {
            throw new IllegalArgumentException("/proc/meminfo has no numeric MemTotal line");
        }
        Long available = kb.get("MemAvailable");
        if (available == null) {
            available = kb.getOrDefault("MemFree", 0L) + kb.getOrDefault("Buffers", 0L) + kb.getOrDefault("Cached", 0L);
        }
        return new Meminfo(total, Math.min(available, total));
    }
}
