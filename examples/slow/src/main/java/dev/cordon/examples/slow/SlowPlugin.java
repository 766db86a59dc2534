package dev.cordon.examples.slow;

import dev.cordon.api.plugin.ConfiglessPlugin;
import dev.cordon.api.plugin.Invocation;
import dev.cordon.api.plugin.PluginContext;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Works in {@code steps} steps of {@code step_seconds} seconds (keyword arguments, default 10 × 0.1 s), reporting
 * progress after each and stopping at once when cancelled: a cancellation callback wakes the step that is waiting.
 * Each call logs one line as it starts ({@link System.Logger}, which the worker writes to the instance's log). The
 * Java twin of {@code examples/py-slow}.
 */
public final class SlowPlugin implements ConfiglessPlugin {

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Object execute(Invocation invocation) throws InterruptedException {
        long steps = invocation.kwarg("steps", Number.class, 10L).longValue();
        long stepNanos =
                (long) (invocation.kwarg("step_seconds", Number.class, 0.1).doubleValue() * 1e9);
        // Looked up per call, not in a static field: starting the platform logger costs a worker's start-up time.
        System.getLogger(SlowPlugin.class.getName())
                .log(System.Logger.Level.INFO, "working in " + steps + " steps of " + stepNanos / 1e9 + " s");
        PluginContext context = invocation.context();
        CountDownLatch cancelled = new CountDownLatch(1);
        try (var scope = context.cancelScope(cancelled::countDown)) {
            for (long i = 1; i <= steps; i++) {
                context.checkCancelled();
                cancelled.await(stepNanos, TimeUnit.NANOSECONDS);
                context.checkCancelled();
                context.reportProgress((double) i / steps, "step " + i + " of " + steps);
            }
        }
        context.reportUsage(Map.of("steps", (double) steps));
        return Map.of("steps", steps);
    }
}
