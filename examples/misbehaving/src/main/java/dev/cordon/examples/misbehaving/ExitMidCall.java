package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.Invocation;

/** The worker exits with status 0 in the middle of a call, answering nothing. */
public final class ExitMidCall extends Misbehaving {

    /** The misbehaviour named {@code exit-mid-call}. */
    public ExitMidCall() {
        super("misbehaving-exit-mid-call");
    }

    @Override
    public Object execute(Invocation invocation) {
        Runtime.getRuntime().halt(0);
        throw new AssertionError("halt returned");
    }
}
