package dev.cordon.boot.internal.launch;

import dev.cordon.boot.CordonRuntime;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM (and for {@code serve} SIGINT) into a clean framework stop, so Cordon exits 0 after stopping
 * every bundle instead of dying with the signal's status. A signal that arrives while the runtime is still
 * starting is remembered and the runtime is stopped as soon as its start returns.
 */
final class SignalStop {

    private static final Logger LOG = LoggerFactory.getLogger(SignalStop.class);

    private final AtomicReference<CordonRuntime> runtime = new AtomicReference<>();
    private volatile String received;

    private SignalStop() {}

    /** Installs the handlers; {@code interrupt} adds SIGINT to SIGTERM. */
    static SignalStop install(boolean interrupt) {
        SignalStop stop = new SignalStop();
        for (String name : interrupt ? new String[] {"TERM", "INT"} : new String[] {"TERM"}) {
            Signal.handle(new Signal(name), signal -> stop.onSignal("SIG" + name));
        }
        return stop;
    }

    /**
     * Hands over the started runtime.
     *
     * @return true when a signal came during start-up and the runtime has been stopped for it
     */
    boolean started(CordonRuntime started) {
        runtime.set(started);
        String signal = received;
        if (signal == null) {
            return false;
        }
        LOG.info("Stopping Cordon: {} arrived during start-up", signal);
        started.close();
        return true;
    }

    private void onSignal(String name) {
        received = name;
        CordonRuntime current = runtime.get();
        if (current == null) {
            LOG.info("{} during start-up: Cordon stops as soon as its bundles have started", name);
            return;
        }
        LOG.info("{} received: stopping Cordon", name);
        new Thread(current::close, "cordon-stop-on-" + name).start();
    }
}
