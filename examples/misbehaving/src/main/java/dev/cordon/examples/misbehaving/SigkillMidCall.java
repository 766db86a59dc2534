package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.Invocation;

/** The worker is SIGKILLed in the middle of a call (as by the kernel, not by the host). */
public final class SigkillMidCall extends Misbehaving {

    /** The misbehaviour named {@code sigkill-mid-call}. */
    public SigkillMidCall() {
        super("misbehaving-sigkill-mid-call");
    }

    @Override
    public Object execute(Invocation invocation) throws Exception {
        signalSelf("KILL");
        Thread.sleep(10_000);
        throw new AssertionError("SIGKILL did not end the worker");
    }
}
