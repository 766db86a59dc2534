package dev.cordon.worker.internal;

import dev.cordon.protocol.LogStamp;
import dev.cordon.worker.internal.logging.JulConfig;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The worker's log: one line per event, {@code <UTC ISO-8601 with milliseconds> [LEVEL] message}, appended to
 * {@code CORDON_LOG_FILE} (else standard error). A line written on a thread that serves a call with call headers
 * carries that call's {@link LogStamp} after the level; the stamp belongs to the thread, so concurrent calls never
 * mix theirs. {@link #install()} also routes {@code System.out},
 * {@code System.err} and java.util.logging there, so nothing the plugin prints reaches the handshake channel.
 */
public final class WorkerLog {

    private static volatile PrintStream out = System.err;
    private static final ThreadLocal<String> STAMP = new ThreadLocal<>();

    private WorkerLog() {}

    /**
     * Opens the log file named by {@code CORDON_LOG_FILE} in append mode (when set) and routes standard output,
     * standard error and (once it starts) java.util.logging to it.
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
        // java.util.logging starts only when first used; it then reads JulConfig, which routes it here.
        if (System.getProperty("java.util.logging.config.class") == null
                && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.config.class", JulConfig.class.getName());
        }
    }

    /** Writes one line at {@code INFO}. */
    public static void info(String message) {
        line(System.currentTimeMillis(), "INFO", message);
    }

    /** Writes one line at {@code WARN}. */
    public static void warn(String message) {
        line(System.currentTimeMillis(), "WARN", message);
    }

    /** Writes one line at {@code ERROR}, followed by the failure's stack trace when given. */
    public static void error(String message, Throwable failure) {
        line(System.currentTimeMillis(), "ERROR", message);
        if (failure != null) {
            failure.printStackTrace(out);
        }
    }

    /** Writes one line with this time and level. */
    public static void write(Instant at, String level, String message) {
        line(at.toEpochMilli(), level, message);
    }

    /**
     * Stamps the lines this thread writes with {@code stamp} ({@link LogStamp#of}) until {@link #endStamp}; an
     * empty stamp changes nothing.
     */
    static void beginStamp(String stamp) {
        if (!stamp.isEmpty()) {
            STAMP.set(stamp);
        }
    }

    /** Ends this thread's stamp. */
    static void endStamp(String stamp) {
        if (!stamp.isEmpty()) {
            STAMP.remove();
        }
    }

    /** Flushes the log. */
    public static void flush() {
        out.flush();
    }

    private static void line(long epochMillis, String level, String message) {
        String stamp = STAMP.get();
        out.println(UtcStamp.format(epochMillis) + " [" + level + "] " + (stamp == null ? "" : stamp) + message);
    }
}
