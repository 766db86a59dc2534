package dev.cordon.cli.internal;

import dev.cordon.installer.InstallProgress;
import java.io.PrintStream;

/**
 * Install progress on standard error: on a terminal one line redrawn in place (a bar over the plugins being
 * installed and the steps of the current one, the current step, and a transfer's percentage); otherwise one plain line per step, for logs and pipes.
 */
final class ConsoleProgress implements InstallProgress {

    private static final int BAR = 20;
    private static final int WIDTH = 100;

    private final PrintStream err;
    private final boolean terminal;
    private int index;
    private int total = 1;
    private int steps;
    private boolean drawn;

    ConsoleProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** The {@code index}-th (from 0) of {@code total} plugins begins. */
    synchronized void plugin(int index, int total) {
        this.index = index;
        this.total = Math.max(1, total);
        this.steps = 0;
    }

    @Override
    public synchronized void step(String plugin, String description) {
        steps++;
        if (terminal) {
            draw(plugin + ": " + description, index, total);
        } else {
            err.println("[" + (index + 1) + "/" + total + "] " + plugin + ": " + description);
        }
    }

    @Override
    public synchronized void transfer(String plugin, String what, long done, long total) {
        if (!terminal) {
            return; // a plain log gets the step lines only
        }
        String amount = total > 0 ? (100 * done / total) + "%" : done + "";
        draw(plugin + ": " + what + " " + amount, index, this.total);
    }

    /** Ends the redrawn line, so what follows starts on a fresh one. */
    synchronized void finish() {
        if (terminal && drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    /**
     * Draws the bar: whole plugins done, plus a share of the current one that grows with its steps (their number is
     * not known ahead, so it approaches but never fills the plugin's share).
     */
    private void draw(String text, int done, int of) {
        double current = Math.min(0.9, steps / 12.0);
        int filled = (int) (BAR * (done + current) / of);
        String line = "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + (done + 1) + "/" + of + " " + text;
        if (line.length() > WIDTH) {
            line = line.substring(0, WIDTH - 1) + "…";
        }
        err.print("\r\033[K" + line);
        err.flush();
        drawn = true;
    }
}
