package dev.cordon.api.error;

import java.util.Objects;
import java.util.Set;

/**
 * The quantitative gap behind a resource failure: which resource, how much was needed and how much was free.
 *
 * <p>Wire shape: {@code {"resource": …, "needed": …, "available": …}}.
 *
 * @param resource one of {@link #GPU_VRAM_MB}, {@link #SYSTEM_RAM_MB}, {@link #DISK_MB}
 * @param needed the amount needed, in MB
 * @param available the amount that was free, in MB
 */
public record ResourceShortfall(String resource, double needed, double available) {

    /** GPU memory, in MB. */
    public static final String GPU_VRAM_MB = "gpu_vram_mb";
    /** System RAM, in MB. */
    public static final String SYSTEM_RAM_MB = "system_ram_mb";
    /** Disk space, in MB. */
    public static final String DISK_MB = "disk_mb";

    private static final Set<String> RESOURCES = Set.of(GPU_VRAM_MB, SYSTEM_RAM_MB, DISK_MB);

    /** @throws IllegalArgumentException if {@code resource} is not one of the three known names */
    public ResourceShortfall {
        Objects.requireNonNull(resource, "resource");
        if (!RESOURCES.contains(resource)) {
            throw new IllegalArgumentException(
                    "Unknown shortfall resource '" + resource + "': expected gpu_vram_mb, system_ram_mb or disk_mb");
        }
    }
}
