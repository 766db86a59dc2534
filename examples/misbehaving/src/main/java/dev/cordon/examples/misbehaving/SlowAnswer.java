package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.Invocation;
import java.util.Map;

/** Answers only after {@code seconds} (keyword argument, default 5), ignoring cancellation. */
public final class SlowAnswer extends Misbehaving {

    /** The misbehaviour named {@code slow-answer}. */
    public SlowAnswer() {
        super("misbehaving-slow-answer");
    }

    @Override
    public Object execute(Invocation invocation) {
        double seconds = invocation.kwarg("seconds", Number.class, 5).doubleValue();
        long until = System.nanoTime() + (long) (seconds * 1e9);
        // Deliberately deaf to cancellation and interrupts: the point is a call that does not end early.
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException ignored) {
                // keep sleeping
            }
        }
        return Map.of("slept", seconds);
    }
}
