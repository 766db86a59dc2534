package dev.cordon.api.scheduling;

import java.util.Objects;
import java.util.OptionalInt;

/** What a {@link ResourceScheduler} says about an execution right now: it may start, or it is blocked and why. */
public sealed interface Decision {

    /** Whether the execution may start. */
    default boolean allowed() {
        return this instanceof Allow;
    }

    /**
     * The execution may start.
     *
     * @param gpuIndex the GPU the scheduler counted it against, when it needs one
     */
    record Allow(OptionalInt gpuIndex) implements Decision {
        /** Allowed without a GPU. */
        public static final Allow ANY = new Allow(OptionalInt.empty());

        /** A {@code null} index reads as empty. */
        public Allow {
            gpuIndex = Objects.requireNonNullElse(gpuIndex, OptionalInt.empty());
        }
    }

    /**
     * The execution may not start now.
     *
     * @param reason what is short, in words an operator reads, for example
     *     {@code needs 8000 MB VRAM, 1200 MB free on GPU 0}
     */
    record Block(String reason) implements Decision {
        /** Rejects a missing or blank reason: a block always says why. */
        public Block {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a blocked decision needs a reason");
            }
        }
    }
}
