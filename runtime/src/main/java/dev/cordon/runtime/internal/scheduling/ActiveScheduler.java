package dev.cordon.runtime.internal.scheduling;

import dev.cordon.api.scheduling.ResourceScheduler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The scheduling policy the runtime uses now: the highest-ranked {@link ResourceScheduler}, or the one the
 * ConfigAdmin configuration {@value #PID} names with {@code scheduler.target=(policy.name=<name>)}.
 *
 * <p>The reference is dynamic and greedy, so a changed {@code etc/dev.cordon.scheduler.cfg}, the
 * {@code cordon:scheduler <name>} command, or a policy bundle dropped into {@code deploy/} swaps the policy in a
 * running framework without restarting anything else. Executions keep the policy that allocated them: they
 * release to the scheduler they acquired from.
 */
@Component(service = ActiveScheduler.class, configurationPid = ActiveScheduler.PID)
public final class ActiveScheduler {

    /** The configuration PID that selects the policy. */
    public static final String PID = "dev.cordon.scheduler";

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ResourceScheduler scheduler;

    /** A new target only rebinds the reference; the component and those using it stay as they are. */
    @Modified
    void modified() {
        // Nothing to do: SCR rebinds the dynamic reference to the service the new target selects.
    }

    /** The policy in use; there is always one while this component is active. */
    public ResourceScheduler current() {
        return scheduler;
    }
}
