package dev.cordon.boot.internal.launch;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs Gogo commands from outside the framework. Gogo's classes live inside its bundle, so they are reached
 * through reflection on the interfaces that bundle exports.
 */
public final class GogoSession implements AutoCloseable {

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    private static final String NOT_FOUND = "org.apache.felix.gogo.runtime.CommandNotFoundException";
    private static final int INSPECT = 0;

    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method close;
    private final PrintStream out;

    private GogoSession(Object session, Class<?> sessionType, PrintStream out) throws NoSuchMethodException {
        this.session = session;
        this.execute = sessionType.getMethod("execute", CharSequence.class);
        this.format = sessionType.getMethod("format", Object.class, int.class);
        this.close = sessionType.getMethod("close");
        this.out = out;
    }

    /**
     * Opens a session on the framework's command processor, waiting up to {@code wait} for it.
     *
     * <p>The streams must be the real descriptors, not {@code System.out}: Gogo replaces {@code System.out} with
     * a per-thread stream, and handing that back to it makes the output loop forever.
     *
     * @throws IllegalStateException when no command processor appears in time
     */
    public static GogoSession open(BundleContext context, InputStream in, OutputStream out, OutputStream err,
            Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        ServiceReference<?> ref;
        while ((ref = context.getServiceReference(PROCESSOR)) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Gogo shell did not start within " + wait.toSeconds()
                        + " s: check that the org.apache.felix.gogo.runtime bundle is ACTIVE");
            }
            pause();
        }
        Object processor = context.getService(ref);
        try {
            ClassLoader loader = processor.getClass().getClassLoader();
            Class<?> processorType = loader.loadClass(PROCESSOR);
            Method create = Arrays.stream(processorType.getMethods())
                    .filter(m -> m.getName().equals("createSession") && m.getParameterCount() == 3)
                    .findFirst()
                    .orElseThrow(() -> new NoSuchMethodException(PROCESSOR + ".createSession(in, out, err)"));
            Object session = create.invoke(processor, in, out, err);
            return new GogoSession(session, loader.loadClass(SESSION), new PrintStream(out, true));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This Gogo runtime has an unexpected API: " + e, e);
        }
    }

    /**
     * Runs one command line and prints its result. A command that is not registered yet (its component is
     * still coming up) is retried until {@code deadline}.
     *
     * @throws CommandFailedException with the command's own error
     */
    public void run(String commandLine, long deadlineNanos) throws CommandFailedException {
        while (true) {
            try {
                Object result = execute.invoke(session, commandLine);
                if (result != null) {
                    Object text = result instanceof CharSequence ? result : format.invoke(session, result, INSPECT);
                    out.println(text);
                }
                return;
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause.getClass().getName().equals(NOT_FOUND) && System.nanoTime() < deadlineNanos) {
                    pause();
                    continue;
                }
                throw new CommandFailedException(commandLine, cause);
            } catch (IllegalAccessException e) {
                throw new CommandFailedException(commandLine, e);
            }
        }
    }

    @Override
    public void close() {
        try {
            close.invoke(session);
        } catch (ReflectiveOperationException ignored) {
            // Closing a session only releases its variables; nothing to report.
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the shell", e);
        }
    }

    /** A command line that failed; the message is the command's own. */
    public static final class CommandFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailedException(String commandLine, Throwable cause) {
            super(describe(cause), cause);
        }

        private static String describe(Throwable cause) {
            String name = cause.getClass().getSimpleName();
            if (name.equals("CommandNotFoundException")) {
                return cause.getMessage() + " (is the bundle that provides it ACTIVE? see cordon:status)";
            }
            return cause.getMessage() != null ? cause.getMessage() : cause.toString();
        }
    }
}
