package dev.cordon.examples.stubborn;

import dev.cordon.api.plugin.ConfiglessPlugin;
import dev.cordon.api.plugin.Invocation;

/**
 * Sleeps {@code seconds} (keyword argument, default 30) and ignores cancellation: the host must escalate from a
 * cooperative cancel to stopping the worker.
 */
public final class StubbornPlugin implements ConfiglessPlugin {

    @Override
    public String name() {
        return "stubborn";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Object execute(Invocation invocation) throws InterruptedException {
        double seconds = invocation.kwarg("seconds", Number.class, 30L).doubleValue();
        long until = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < until) {
            Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
        }
        return "done";
    }
}
