package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.Invocation;
import java.util.Map;

/** The plugin's constructor never returns (within an hour), so the worker never sends its handshake line. */
public final class HangInStartup extends Misbehaving {

    /** The misbehaviour named {@code hang-in-startup}. */
    public HangInStartup() throws InterruptedException {
        super("misbehaving-hang-in-startup");
        Thread.sleep(3_600_000);
    }

    @Override
    public Object execute(Invocation invocation) {
        return Map.of();
    }
}
