package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SystemMonitor;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code queue} policy: an execution that does not fit in what is free (the same rules as
 * {@link SafetyScheduler}) waits, first come, first served, until it fits or its wait runs out; then its stage
 * completes exceptionally with the last block reason.
 *
 * <p>Nothing parks a thread per waiter: waiters are futures in one queue, looked at again on the thread
 * {@code cordon-scheduler-queue} whenever an allocation is released and on a periodic re-check (memory freed by
 * something outside Cordon shows up there). Only the oldest waiter may start; those behind it wait even if they
 * would fit, so a large request is never overtaken indefinitely by small ones.
 *
 * <p>Selected by the service property {@code policy.name=queue} (ranking 10), for example with the target
 * filter {@code (policy.name=queue)} on the consumer's scheduler reference. Configuration (PID
 * {@code dev.cordon.scheduler.queue}): {@code timeout.seconds} (default 300), the longest an execution waits,
 * and {@code recheck.interval.ms} (default 2000), how often the machine is read while executions wait. The
 * machine is read through the highest-ranked {@link SystemMonitor}: one registered later (a monitor plugin)
 * replaces the current one, and the waiters are looked at again through it.
 */
@Component(
        service = ResourceScheduler.class,
        configurationPid = "dev.cordon.scheduler.queue",
        property = {"policy.name=" + QueueScheduler.NAME, "service.ranking:Integer=10"})
public final class QueueScheduler extends MeasuringScheduler {

    /** The policy name. */
    public static final String NAME = "queue";

    private static final System.Logger LOG = System.getLogger(QueueScheduler.class.getName());

    /** The DS configuration; property names are the method names with {@code _} read as {@code .}. */
    public @interface Config {
        /** The longest an execution waits for resources, in seconds. */
        long timeout_seconds() default 300;

        /** How often the machine is read again while executions wait, in milliseconds. */
        long recheck_interval_ms() default 2000;
    }

    /** Touched only on the scheduler thread. */
    private final Deque<Waiter> waiters = new ArrayDeque<>();

    private final Duration timeout;

    /**
     * The component, configured through ConfigAdmin; its monitor is bound right after construction, and rebound
     * when a higher-ranked one appears.
     */
    @Activate
    public QueueScheduler(Config config) {
        this(
                null,
                Duration.ofSeconds(config.timeout_seconds()),
                Duration.ofMillis(config.recheck_interval_ms()),
                Clock.systemUTC());
    }

    /**
     * A queue policy for embedding and tests.
     *
     * @param monitor where free resources are read
     * @param timeout the longest an execution waits
     * @param recheckInterval how often the machine is read again while executions wait
     * @param clock stamps allocations
     */
    public QueueScheduler(SystemMonitor monitor, Duration timeout, Duration recheckInterval, Clock clock) {
        super(NAME, monitor, clock);
        if (timeout.isNegative() || recheckInterval.isNegative() || recheckInterval.isZero()) {
            throw new IllegalArgumentException("the queue policy needs a timeout >= 0 and a re-check interval > 0,"
                    + " got timeout " + timeout + " and interval " + recheckInterval);
        }
        this.timeout = timeout;
        thread.repeat(this::drain, recheckInterval);
    }

    /**
     * Queues the execution behind those already waiting. The listener hears the reason it waits: the shortfall
     * when it is first in line, otherwise how many wait before it and why the first one waits.
     */
    @Override
    public CompletionStage<Allocation> acquire(ExecutionRequest request, BlockListener listener) {
        Waiter waiter = new Waiter(request, Objects.requireNonNull(listener, "listener"), new CompletableFuture<>());
        try {
            thread.execute(() -> enqueue(waiter));
        } catch (RejectedExecutionException e) {
            waiter.result.completeExceptionally(refusal(request, "the '" + NAME + "' policy has stopped", false));
            return waiter.result;
        }
        // A caller that gives up frees its place at once, so those behind it move up.
        waiter.result.whenComplete((allocation, failure) -> {
            if (waiter.result.isCancelled()) {
                executeQuietly(this::drain);
            }
        });
        return waiter.result;
    }

    @Override
    protected void released() {
        executeQuietly(this::drain);
    }

    private void enqueue(Waiter waiter) {
        waiters.addLast(waiter);
        waiter.expiry = thread.schedule(() -> expire(waiter), timeout);
        drain();
    }

    /** Starts waiters from the front for as long as the first one fits; tells the rest why they wait. */
    private void drain() {
        waiters.removeIf(Waiter::withdrawn);
        while (!waiters.isEmpty()) {
            Waiter first = waiters.peekFirst();
            Decision decision = decideOrExplain(first.request);
            if (decision instanceof Decision.Allow allow) {
                waiters.removeFirst();
                first.expiry.cancel(false);
                deliver(first.result, grant(first.request, allow));
                continue;
            }
            first.block(((Decision.Block) decision).reason());
            break;
        }
        int ahead = 0;
        for (Waiter waiter : waiters) {
            if (ahead > 0) {
                waiter.block("waiting behind " + ahead + " earlier execution" + (ahead == 1 ? "" : "s")
                        + "; the first is blocked: " + waiters.peekFirst().reason);
            }
            ahead++;
        }
    }

    private Decision decideOrExplain(ExecutionRequest request) {
        try {
            return decide(request);
        } catch (RuntimeException e) {
            // The machine could not be read this time; the waiter keeps its place and the next look may succeed.
            return new Decision.Block("the system monitor failed: " + e.getMessage());
        }
    }

    private void expire(Waiter waiter) {
        if (waiters.remove(waiter)) {
            String reason = waiter.reason != null ? waiter.reason : "no decision was reached within " + timeout;
            fail(waiter.result, refusal(waiter.request, reason + " (waited " + describe(timeout) + ")", true));
            drain();
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private void executeQuietly(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // Stopped: close() has already failed every waiter.
        }
    }

    /** The highest-ranked monitor (or the one {@code monitor.target} selects), swapped in without restarting. */
    @Reference(
            name = "monitor",
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindMonitor")
    void bindMonitor(SystemMonitor monitor) {
        useMonitor(monitor);
        // What is free may read differently through the new monitor: look at the waiters again.
        executeQuietly(this::drain);
    }

    void unbindMonitor(SystemMonitor monitor) {
        forgetMonitor(monitor);
    }

    /** Stops re-checking and fails every execution still waiting. */
    @Override
    @Deactivate
    public void close() {
        super.close();
        // The thread has ended, so the queue is ours to empty.
        for (Waiter waiter : waiters) {
            fail(
                    waiter.result,
                    refusal(
                            waiter.request,
                            "the '" + NAME + "' policy stopped while the execution" + " waited"
                                    + (waiter.reason == null ? "" : "; it was blocked: " + waiter.reason),
                            false));
        }
        waiters.clear();
    }

    /** One execution waiting for resources. */
    private static final class Waiter {
        final ExecutionRequest request;
        final BlockListener listener;
        final CompletableFuture<Allocation> result;
        ScheduledFuture<?> expiry;
        String reason;

        Waiter(ExecutionRequest request, BlockListener listener, CompletableFuture<Allocation> result) {
            this.request = request;
            this.listener = listener;
            this.result = result;
        }

        boolean withdrawn() {
            if (result.isDone()) {
                expiry.cancel(false);
                return true;
            }
            return false;
        }

        void block(String newReason) {
            if (newReason.equals(reason)) {
                return;
            }
            reason = newReason;
            try {
                listener.blockReasonChanged(newReason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a block-reason listener of " + request.describe() + " failed", e);
            }
        }
    }
}
