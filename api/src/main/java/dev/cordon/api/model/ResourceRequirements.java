package dev.cordon.api.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a plugin declares it needs to run: the binary facts of the manifest's {@code resources} section and
 * the optional minimum quantities that schedulers compare with what the machine has free.
 *
 * <p>Wire spellings: {@code requires_gpu}, {@code platforms}, {@code accelerators}, {@code min_system_ram_mb},
 * {@code min_gpu_vram_mb}. Unlike the original, the quantities are kept, so a scheduler sees them.
 *
 * @param requiresGpu whether the plugin cannot run without a GPU
 * @param platforms platforms it supports, for example {@code linux-x64}; empty means any
 * @param accelerators accelerators it can use, in order of preference, for example {@code cuda}, {@code cpu}
 * @param minSystemRamMb free system RAM it needs, in MB, when declared
 * @param minGpuVramMb free GPU memory it needs, in MB, when declared
 */
public record ResourceRequirements(
        boolean requiresGpu,
        List<String> platforms,
        List<String> accelerators,
        OptionalLong minSystemRamMb,
        OptionalLong minGpuVramMb) {

    /** A plugin that declares nothing: no GPU, any platform, no minimum quantities. */
    public static final ResourceRequirements NONE =
            new ResourceRequirements(false, List.of(), List.of(), OptionalLong.empty(), OptionalLong.empty());

    /** Copies the lists; a {@code null} list or quantity reads as empty. */
    public ResourceRequirements {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        accelerators = accelerators == null ? List.of() : List.copyOf(accelerators);
        minSystemRamMb = Objects.requireNonNullElse(minSystemRamMb, OptionalLong.empty());
        minGpuVramMb = Objects.requireNonNullElse(minGpuVramMb, OptionalLong.empty());
    }
}
