package dev.cordon.worker.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The worker's log: one line per event, {@code <UTC ISO-8601 with milliseconds> [LEVEL] message}, appended to
 * {@code CORDON_LOG_FILE} (else standard error). {@link #install()} also routes {@code System.out},
 * {@code System.err} and java.util.logging there, so nothing the plugin prints reaches the handshake channel.
 */
public final class WorkerLog {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static volatile PrintStream out = System.err;

    private WorkerLog() {}

    /**
     * Opens the log file named by {@code CORDON_LOG_FILE} in append mode (when set) and routes standard output,
     * standard error and java.util.logging to it.
     *
     * @throws IOException if the file cannot be opened
     */
    public static void install() throws IOException {
        String file = System.getenv("CORDON_LOG_FILE");
        if (file != null && !file.isEmpty()) {
            OutputStream stream = new FileOutputStream(file, true);
            out = new PrintStream(stream, true, StandardCharsets.UTF_8);
        }
        System.setOut(out);
        System.setErr(out);
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    String message = record.getMessage();
                    if (record.getThrown() != null) {
                        message = message + " " + record.getThrown();
                    }
                    line(record.getInstant(), record.getLevel().getName(), record.getLoggerName() + ": " + message);
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        });
    }

    /** Writes one line at {@code INFO}. */
    public static void info(String message) {
        line(Instant.now(), "INFO", message);
    }

    /** Writes one line at {@code WARN}. */
    public static void warn(String message) {
        line(Instant.now(), "WARN", message);
    }

    /** Writes one line at {@code ERROR}, followed by the failure's stack trace when given. */
    public static void error(String message, Throwable failure) {
        line(Instant.now(), "ERROR", message);
        if (failure != null) {
            failure.printStackTrace(out);
        }
    }

    private static void line(Instant at, String level, String message) {
        out.println(STAMP.format(at) + " [" + level + "] " + message);
    }
}
