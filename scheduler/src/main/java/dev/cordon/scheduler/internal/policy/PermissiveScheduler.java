package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code permissive} policy: every execution may start at once, whatever it declared and whatever the
 * machine has free. It still records what runs, so {@link #active()} lists it. The default: registered with the
 * highest {@code service.ranking} (100) of Cordon's policies, so a consumer that names no policy gets this one.
 *
 * <p>Selected by the service property {@code policy.name=permissive}, for example with the target filter
 * {@code (policy.name=permissive)} on the consumer's scheduler reference.
 */
@Component(
        service = ResourceScheduler.class,
        property = {"policy.name=" + PermissiveScheduler.NAME, "service.ranking:Integer=100"})
public final class PermissiveScheduler implements ResourceScheduler {

    /** The policy name. */
    public static final String NAME = "permissive";

    private final ReservationLedger ledger;

    /** A permissive policy on the system clock. */
    @Activate
    public PermissiveScheduler() {
        this(Clock.systemUTC());
    }

    /** A permissive policy stamping allocations with this clock. */
    public PermissiveScheduler(Clock clock) {
        this.ledger = new ReservationLedger(NAME, clock);
    }

    @Override
    public String policyName() {
        return NAME;
    }

    @Override
    public Decision decide(ExecutionRequest request) {
        return Decision.Allow.ANY;
    }

    @Override
    public CompletionStage<Allocation> acquire(ExecutionRequest request, BlockListener listener) {
        return CompletableFuture.completedFuture(ledger.grant(request, Decision.Allow.ANY));
    }

    @Override
    public void release(Allocation allocation) {
        ledger.release(allocation);
    }

    @Override
    public List<Allocation> active() {
        return ledger.active();
    }
}
