package dev.cordon.boot.internal.launch;

import dev.cordon.boot.internal.control.CommandSessions;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.osgi.framework.BundleContext;

/**
 * Command sessions on the framework's Gogo shell, for {@code shell -c} in this process and for shells attached
 * through the control socket. Every statement's result is printed, in order; the first failure stops the
 * rest and exits 1 with its message.
 */
final class GogoCommands implements CommandSessions {

    /** The exit status of a failed command. */
    static final int FAILED = 1;

    private final BundleContext context;
    private final Duration shellWait;

    /**
     * @param context the framework's context
     * @param shellWait how long to wait for Gogo's command processor to appear
     */
    GogoCommands(BundleContext context, Duration shellWait) {
        this.context = context;
        this.shellWait = shellWait;
    }

    @Override
    public Session open(InputStream in, OutputStream out, OutputStream err) {
        return open(in, out, err, false);
    }

    /**
     * A session that reads from {@code in}, for commands run on this process's own terminal.
     *
     * @param terminal whether {@code out} is an interactive terminal (progress bars redraw in place)
     */
    Session open(InputStream in, OutputStream out, OutputStream err, boolean terminal) {
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        GogoSession gogo;
        try {
            gogo = GogoSession.open(context, in, out, err, terminal, shellWait);
        } catch (IllegalStateException e) {
            return new Unavailable(errors, e.getMessage());
        }
        return new Session() {
            @Override
            public int run(List<String> lines, Duration wait) {
                long deadline = System.nanoTime() + wait.toNanos();
                String current = null;
                try {
                    for (String line : lines) {
                        for (String statement : Statements.split(line)) {
                            current = statement;
                            gogo.run(statement, deadline);
                        }
                    }
                    return 0;
                } catch (GogoSession.CommandFailedException e) {
                    if (Main.wantsJson(current)) {
                        // A --json caller reads stdout: the failure is a JSON object there.
                        new PrintStream(out, true, StandardCharsets.UTF_8)
                                .println(ErrorJson.of(e.getMessage(), e.getCause()));
                    } else {
                        errors.println("cordon: " + e.getMessage());
                    }
                    return FAILED;
                } catch (IllegalStateException e) {
                    errors.println("cordon: " + e.getMessage());
                    return FAILED;
                }
            }

            @Override
            public void close() {
                gogo.close();
            }
        };
    }

    /** A session on a framework whose shell never came up: every run fails with that reason. */
    private record Unavailable(PrintStream errors, String reason) implements Session {
        @Override
        public int run(List<String> lines, Duration wait) {
            errors.println("cordon: " + reason);
            return FAILED;
        }

        @Override
        public void close() {
            // Nothing was opened.
        }
    }
}
