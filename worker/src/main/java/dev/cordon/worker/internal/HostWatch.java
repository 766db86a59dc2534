package dev.cordon.worker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads the bearer token from standard input, then ends the worker at once when its host dies, by two signals: end-of-file on standard input (the host holds the
 * pipe's write end, and the kernel closes it when the host dies, however it dies) and a parent-process check every
 * 50 ms. Either one kills the worker's descendants and then the worker itself with SIGKILL (a halt with exit status
 * 4 where kill(1) is missing), skipping shutdown hooks: there is nobody left to clean up for. A halt would wait up
 * to 300 ms for threads blocked in native code; SIGKILL ends the worker within milliseconds.
 */
final class HostWatch {

    /** The exit status when the host is gone. */
    static final int EXIT_HOST_GONE = 4;

    private static final long PARENT_POLL_MILLIS = 50;
    private static final int MAX_TOKEN_CHARS = 1024;

    private static volatile boolean shuttingDown;

    private HostWatch() {}

    /** A graceful shutdown has begun: from now on it alone decides the exit status. */
    static void shuttingDown() {
        shuttingDown = true;
    }

    /**
     * The bearer token: the first line on standard input, written there by the launcher so that it never enters the
     * environment a plugin (or its children) can read. Empty when standard input ends first or the line is longer
     * than a token can be.
     */
    static String readToken() {
        StringBuilder line = new StringBuilder();
        try {
            for (int b = System.in.read(); b >= 0 && b != '\n'; b = System.in.read()) {
                if (line.length() >= MAX_TOKEN_CHARS) {
                    return "";
                }
                line.append((char) b);
            }
        } catch (IOException e) {
            return "";
        }
        return line.toString().strip();
    }

    static void start() {
        if (stdinIsPipe()) {
            Thread stdin = new Thread(HostWatch::watchStdin, "cordon-stdin-watch");
            stdin.setDaemon(true);
            stdin.start();
        } else {
            WorkerLog.warn("standard input is not a pipe; host death is detected by the parent-process watch only");
        }
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        Thread ppid = new Thread(() -> watchParent(parent), "cordon-parent-watch");
        ppid.setDaemon(true);
        ppid.start();
    }

    private static boolean stdinIsPipe() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("pipe:") || target.startsWith("socket:");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void watchStdin() {
        byte[] buffer = new byte[256];
        InputStream in = System.in;
        try {
            while (in.read(buffer) >= 0) {
                // After the token line the host writes nothing; anything it does write is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end-of-file.
        }
        die("standard input closed");
    }

    private static void watchParent(ProcessHandle parent) {
        while (true) {
            try {
                Thread.sleep(PARENT_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
            if (parent == null || now != parent.pid() || !parent.isAlive()) {
                die("parent process " + (parent == null ? "?" : parent.pid()) + " exited");
            }
        }
    }

    private static void die(String reason) {
        if (shuttingDown) {
            return;
        }
        WorkerLog.warn("host gone (" + reason + "); exiting");
        ProcessTree.killDescendants();
        // Runtime.halt waits up to 300 ms for threads blocked in native code (this watcher, the event loop's
        // selector) before the VM exits; with nobody left to report to, the worker ends itself at once instead.
        // The JVM refuses to raise SIGKILL itself, so kill(1) delivers it.
        try {
            new ProcessBuilder(
                            "kill",
                            "-KILL",
                            Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(1, TimeUnit.SECONDS);
        } catch (IOException e) {
            // No kill(1): the slower halt below still ends the worker.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(EXIT_HOST_GONE);
    }
}
