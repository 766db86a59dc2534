package dev.cordon.boot.internal.launch;

import dev.cordon.boot.internal.launch.GogoSession.CommandFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive console: a JLine line editor on the user's terminal in front of a Gogo session, as Karaf's
 * console is. It completes commands, plugin names and instance ids, keeps its history in a file, sends Ctrl-C to
 * the running command (which cancels its call), and leaves on {@code exit}, {@code quit} or end of input.
 */
final class Console {

    static final String PROMPT = "cordon> ";
    /** History lines kept in memory and in the file; older ones are dropped, so a long session stays small. */
    static final int HISTORY_LINES = 1000;

    private final Terminal terminal;
    private final GogoSession session;
    private final Supplier<Collection<String>> ids;
    private final Path historyFile;
    private final BooleanSupplier frameworkRunning;
    private volatile Thread running;
    private volatile boolean interruptRequested;

    /**
     * @param terminal the terminal to read from and write to; the console does not close it
     * @param session the session that runs each line, opened on the terminal's streams
     * @param ids plugin names and instance ids for completion
     * @param historyFile where the history is kept between sessions
     * @param frameworkRunning whether the framework still runs; a command that stopped it ends the console
     */
    Console(
            Terminal terminal,
            GogoSession session,
            Supplier<Collection<String>> ids,
            Path historyFile,
            BooleanSupplier frameworkRunning) {
        this.terminal = terminal;
        this.session = session;
        this.ids = ids;
        this.historyFile = historyFile;
        this.frameworkRunning = frameworkRunning;
    }

    /**
     * The user's terminal in UTF-8, whatever the JVM's default charset, so typed non-ASCII text arrives intact.
     * Without a terminal (input from a pipe or file) it is a dumb one that reads plain lines.
     */
    static Terminal systemTerminal() {
        try {
            return TerminalBuilder.builder()
                    .name("cordon")
                    .system(true)
                    .encoding(StandardCharsets.UTF_8)
                    .nativeSignals(true)
                    // Signals reach the handlers registered below instead of ending the JVM.
                    .signalHandler(Terminal.SignalHandler.SIG_IGN)
                    .dumb(true)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot open the terminal for the console: " + e.getMessage()
                            + " (use 'cordon shell -c' to run commands without one)",
                    e);
        }
    }

    /** Whether the terminal can redraw a line (it is not a dumb terminal on a pipe or file). */
    static boolean interactive(Terminal terminal) {
        return !terminal.getType().startsWith(Terminal.TYPE_DUMB);
    }

    /** Prints {@code banner}, then reads and runs command lines until {@code exit}, {@code quit} or end of input. */
    void run(String banner) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("cordon")
                .completer(new CommandCompleter(session::commands, ids))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.HISTORY_SIZE, HISTORY_LINES)
                .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES)
                // Gogo's own syntax ({ } $ ;) must reach it unchanged; JLine must not treat \ or ! specially.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> interrupt());
        PrintWriter out = terminal.writer();
        out.println(banner);
        out.flush();
        try {
            String line;
            while ((line = next(reader)) != null) {
                if (leaves(line)) {
                    break;
                }
                if (!line.isBlank()) {
                    runLine(line.strip(), out);
                }
                if (!frameworkRunning.getAsBoolean()) {
                    out.println("cordon: the framework has stopped; leaving the console");
                    break;
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                out.println("cordon: cannot save the console history to " + historyFile + ": " + e.getMessage());
            }
            out.flush();
        }
    }

    /** The next line; an empty one after Ctrl-C at the prompt; {@code null} at end of input. */
    private static String next(LineReader reader) {
        try {
            return reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    static boolean leaves(String line) {
        String word = line.strip();
        return word.equals("exit") || word.equals("quit");
    }

    private void runLine(String line, PrintWriter out) {
        interruptRequested = false;
        running = Thread.currentThread();
        try {
            session.print(session.execute(line));
        } catch (CommandFailedException e) {
            out.println(
                    interruptRequested && !e.getMessage().startsWith("interrupted")
                            ? "cordon: interrupted: " + line + " was stopped (" + e.getMessage() + ")"
                            : "cordon: " + e.getMessage());
        } catch (RuntimeException e) {
            out.println("cordon: " + line + " failed: " + e);
        } finally {
            running = null;
            // An interrupt that arrived as the command finished must not hit the next read.
            Thread.interrupted();
            out.flush();
        }
    }

    /** Ctrl-C while a command runs: interrupt it (Cordon's commands then cancel their call on the worker). */
    private void interrupt() {
        Thread thread = running;
        if (thread == null) {
            return;
        }
        interruptRequested = true;
        terminal.writer().println(" (Ctrl-C: interrupting the running command)");
        terminal.writer().flush();
        session.interruptForeground();
        thread.interrupt();
    }
}
