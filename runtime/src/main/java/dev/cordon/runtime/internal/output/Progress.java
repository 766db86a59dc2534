package dev.cordon.runtime.internal.output;

import java.io.PrintStream;

/**
 * A progress report for a known number of steps. On a terminal it is one bar redrawn in place; elsewhere it is a
 * plain line at each tenth of the way (at most eleven lines whatever the count), so a log file stays readable.
 */
public final class Progress {

    private static final int BAR_WIDTH = 30;
    private static final int PLAIN_STEPS = 10;

    private final PrintStream out;
    private final Destination destination;
    private final String indent;
    private final long total;
    private long lastPlainStep = -1;
    private boolean drawn;

    private Progress(PrintStream out, Destination destination, String indent, long total) {
        this.out = out;
        this.destination = destination;
        this.indent = indent;
        this.total = total;
    }

    /**
     * A report of {@code total} steps (at least 1) written to {@code out}, each line starting with {@code indent}.
     */
    public static Progress of(PrintStream out, Destination destination, String indent, long total) {
        if (total < 1) {
            throw new IllegalArgumentException("A progress report needs at least one step, got " + total);
        }
        return new Progress(out, destination, indent, total);
    }

    /** Reports that {@code done} steps are finished. */
    public void update(long done) {
        if (destination == Destination.TERMINAL) {
            out.print("\r" + indent + bar(done, total));
            drawn = true;
        } else {
            long step = Math.min(done, total) * PLAIN_STEPS / total;
            if (step == lastPlainStep) {
                return;
            }
            lastPlainStep = step;
            out.println(indent + done + "/" + total);
        }
        out.flush();
    }

    /** Ends the report: on a terminal, moves past the bar. */
    public void finish() {
        if (drawn) {
            out.println();
            drawn = false;
        }
        out.flush();
    }

    /** The bar for {@code done} of {@code total}, e.g. {@code [###---] 3/6}. */
    public static String bar(long done, long total) {
        int filled = (int) Math.min(BAR_WIDTH, Math.max(0, done) * BAR_WIDTH / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total;
    }
}
