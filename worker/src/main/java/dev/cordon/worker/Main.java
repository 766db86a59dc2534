package dev.cordon.worker;

import dev.cordon.worker.internal.Worker;

/**
 * Entry point of the Java worker: {@code java -m dev.cordon.worker/dev.cordon.worker.Main --env-dir DIR ...}. See
 * {@code docs/protocol.md} for the protocol and {@code --help} for the command line.
 */
public final class Main {

    private Main() {}

    /** Runs the worker until SIGTERM or its host's death; exits with the status the usage text lists. */
    public static void main(String[] args) {
        int status = Worker.run(args);
        if (status != Worker.SERVING) {
            System.exit(status);
        }
    }
}
