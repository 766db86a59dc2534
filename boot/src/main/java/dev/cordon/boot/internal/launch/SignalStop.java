package dev.cordon.boot.internal.launch;

import dev.cordon.boot.CordonRuntime;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a clean framework stop, so {@code cordon serve} exits 0 after stopping every
 * bundle instead of dying with the signal's status.
 */
final class SignalStop {

    private SignalStop() {}

    static void install(CordonRuntime runtime) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                Thread stopper = new Thread(runtime::close, "cordon-stop-on-SIG" + name);
                stopper.start();
            });
        }
    }
}
