package dev.cordon.api.scheduling;

import java.util.Objects;

/**
 * A {@link ResourceScheduler} did not let an execution start: refused outright, or still blocked when its wait
 * timed out. The {@link #reason()} is the block reason an operator reads; callers map this to the error taxonomy
 * (a resource error: retriable once resources are freed).
 */
public final class SchedulingRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String policy;
    private final String reason;
    private final boolean timedOut;
    private final transient ExecutionRequest request;

    /**
     * @param policy the policy that refused
     * @param request the execution refused
     * @param reason why, for example {@code needs 8000 MB VRAM, 1200 MB free on GPU 0}
     * @param timedOut whether the execution waited and the wait ran out
     */
    public SchedulingRefusedException(String policy, ExecutionRequest request, String reason, boolean timedOut) {
        super(message(policy, request, reason, timedOut));
        this.policy = Objects.requireNonNull(policy, "policy");
        this.request = Objects.requireNonNull(request, "request");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.timedOut = timedOut;
    }

    private static String message(String policy, ExecutionRequest request, String reason, boolean timedOut) {
        String verdict = timedOut ? " could not start before the wait ran out under" : " may not start under";
        return request.describe() + verdict + " the '" + policy + "' scheduling policy: " + reason
                + ". Free the resource (stop or unload other instances), lower the plugin's declared needs,"
                + " or switch the scheduling policy.";
    }

    /** The name of the policy that refused. */
    public String policy() {
        return policy;
    }

    /** The execution refused. */
    public ExecutionRequest request() {
        return request;
    }

    /** The block reason, without the advice the message adds. */
    public String reason() {
        return reason;
    }

    /** Whether the execution waited and its wait ran out, as opposed to being refused at once. */
    public boolean timedOut() {
        return timedOut;
    }
}
