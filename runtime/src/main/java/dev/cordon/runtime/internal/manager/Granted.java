package dev.cordon.runtime.internal.manager;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.ResourceScheduler;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An allocation a caller acquired from the active policy before it made the call (the job queue waits for one with the
 * policy's block reasons), handed to the manager so that admission uses it instead of acquiring a second one. Whoever
 * holds it last gives it back with {@link #release}; releasing more than once does nothing.
 */
public final class Granted {

    private final ResourceScheduler policy;
    private final Allocation allocation;
    private final AtomicBoolean released = new AtomicBoolean();

    /** The {@code allocation} that {@code policy} granted. */
    public Granted(ResourceScheduler policy, Allocation allocation) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.allocation = Objects.requireNonNull(allocation, "allocation");
    }

    /** The policy that granted it, and that it goes back to. */
    public ResourceScheduler policy() {
        return policy;
    }

    /** The allocation. */
    public Allocation allocation() {
        return allocation;
    }

    /** Gives the allocation back to its policy, once. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            policy.release(allocation);
        }
    }

    /** Whether it was given back. */
    public boolean released() {
        return released.get();
    }
}
