package dev.cordon.boot.internal.launch;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs Gogo commands from outside the framework. Gogo's classes live inside its bundle, so they are reached
 * through reflection on the interfaces that bundle exports.
 */
public final class GogoSession implements AutoCloseable {

    /** The session variable that tells Cordon's commands their output reaches a terminal (see the runtime). */
    public static final String TERMINAL_VARIABLE = "cordon.terminal";

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    private static final String JOB = "org.apache.felix.service.command.Job";
    private static final String NOT_FOUND = "org.apache.felix.gogo.runtime.CommandNotFoundException";
    private static final int INSPECT = 0;

    private final BundleContext context;
    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method get;
    private final Method put;
    private final Method foregroundJob;
    private final Method interruptJob;
    private final Method close;
    private final PrintStream out;

    private GogoSession(BundleContext context, Object session, ClassLoader gogo, PrintStream out)
            throws ReflectiveOperationException {
        Class<?> sessionType = gogo.loadClass(SESSION);
        this.context = context;
        this.session = session;
        this.execute = sessionType.getMethod("execute", CharSequence.class);
        this.format = sessionType.getMethod("format", Object.class, int.class);
        this.get = sessionType.getMethod("get", String.class);
        this.put = sessionType.getMethod("put", String.class, Object.class);
        this.foregroundJob = sessionType.getMethod("foregroundJob");
        this.interruptJob = gogo.loadClass(JOB).getMethod("interrupt");
        this.close = sessionType.getMethod("close");
        this.out = out;
    }

    /**
     * Opens a session on the framework's command processor, waiting up to {@code wait} for it. Cordon's commands
     * come first when a name is typed without its scope ({@code exec} is {@code cordon:exec}).
     *
     * <p>The streams must be the real descriptors, not {@code System.out}: Gogo replaces {@code System.out} with
     * a per-thread stream, and handing that back to it makes the output loop forever.
     *
     * @param terminal whether {@code out} is an interactive terminal (progress bars redraw in place)
     * @throws IllegalStateException when no command processor appears in time
     */
    public static GogoSession open(
            BundleContext context,
            InputStream in,
            OutputStream out,
            OutputStream err,
            boolean terminal,
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
            GogoSession gogo =
                    new GogoSession(context, session, loader, new PrintStream(out, true, StandardCharsets.UTF_8));
            gogo.put("SCOPE", "cordon:*");
            gogo.put(TERMINAL_VARIABLE, terminal);
            return gogo;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This Gogo runtime has an unexpected API: " + e, e);
        }
    }

    /**
     * Runs one command line and prints its result. A command that is not registered is waited for only while a
     * bundle is still starting (its commands may be on the way), and never past {@code deadlineNanos}.
     *
     * @throws CommandFailedException with the command's own error, its usage, or the closest command names
     */
    public void run(String commandLine, long deadlineNanos) throws CommandFailedException {
        while (true) {
            try {
                print(execute(commandLine));
                return;
            } catch (CommandFailedException e) {
                if (e.notFound() && bundlesStarting() && System.nanoTime() < deadlineNanos) {
                    pause();
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Runs one command line and returns its result ({@code null} when it has none).
     *
     * @throws CommandFailedException with the command's own error, its usage, or the closest command names
     */
    public Object execute(String commandLine) throws CommandFailedException {
        try {
            return execute.invoke(session, commandLine);
        } catch (InvocationTargetException e) {
            throw CommandFailures.describe(this, commandLine, e.getCause());
        } catch (IllegalAccessException e) {
            throw new CommandFailedException(e.toString(), e, false);
        }
    }

    /** Prints a command's result the way Gogo formats it; nothing for {@code null}. */
    public void print(Object result) {
        if (result == null) {
            return;
        }
        try {
            Object text = result instanceof CharSequence ? result : format.invoke(session, result, INSPECT);
            out.println(text);
        } catch (ReflectiveOperationException e) {
            out.println(result);
        }
    }

    /** Every registered command as {@code scope:name}, sorted. */
    public Set<String> commands() {
        Object names = variable(".commands");
        Set<String> out = new TreeSet<>();
        if (names instanceof Collection<?> all) {
            all.forEach(n -> out.add(n.toString()));
        }
        return out;
    }

    /** A session variable, or {@code null}. */
    public Object variable(String name) {
        try {
            return get.invoke(session, name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the Gogo session variable " + name + ": " + e, e);
        }
    }

    /** Sets a session variable. */
    public void put(String name, Object value) {
        try {
            put.invoke(session, name, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot set the Gogo session variable " + name + ": " + e, e);
        }
    }

    /**
     * Interrupts the command running in the foreground, if any: its threads see an interrupt, and Cordon's
     * commands cancel their call on the worker. Safe to call from any thread.
     *
     * @return whether a command was running
     */
    public boolean interruptForeground() {
        try {
            Object job = foregroundJob.invoke(session);
            if (job == null) {
                return false;
            }
            interruptJob.invoke(job);
            return true;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot interrupt the running Gogo command: " + e, e);
        }
    }

    private boolean bundlesStarting() {
        return List.of(context.getBundles()).stream().anyMatch(b -> b.getState() == Bundle.STARTING);
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

    static boolean isNotFound(Throwable t) {
        return t.getClass().getName().equals(NOT_FOUND);
    }

    /** A command line that failed; the message says what went wrong and what to type instead. */
    public static final class CommandFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean notFound;

        CommandFailedException(String message, Throwable cause, boolean notFound) {
            super(message, cause);
            this.notFound = notFound;
        }

        /** Whether the command name was not registered. */
        public boolean notFound() {
            return notFound;
        }
    }
}
