package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.Invocation;
import java.util.Map;

/** Behaves: the plugin that the worker-level misbehaviours (garbage on stdout, stdin never read) run. */
public final class Healthy extends Misbehaving {

    /** The plugin named {@code healthy}. */
    public Healthy() {
        super("misbehaving-healthy");
    }

    @Override
    public Object execute(Invocation invocation) {
        return Map.of("ok", true, "pid", ProcessHandle.current().pid());
    }
}
