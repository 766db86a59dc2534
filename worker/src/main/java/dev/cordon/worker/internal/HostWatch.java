package dev.cordon.worker.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the bearer token from standard input, then notices when the worker's host dies, by two signals: end-of-file
 * on standard input (the host holds the pipe's write end, and the kernel closes it when the host dies, however it
 * dies) and a parent-process check every 50 ms. Either one stops the worker as {@link Shutdown} does (before the
 * worker serves: at once), with exit status 4.
 *
 * <p>Standard input is read through an interruptible channel rather than a stream, so that a stop can take the
 * watcher out of its blocking read: the JVM's exit waits up to 300 ms for every thread still blocked in native
 * code.
 */
final class HostWatch {

    /** The exit status when the host is gone. */
    static final int EXIT_HOST_GONE = 4;

    private static final long PARENT_POLL_MILLIS = 50;
    private static final int MAX_TOKEN_CHARS = 1024;

    private static volatile boolean shuttingDown;
    private static volatile FileChannel stdin;
    private static volatile Shutdown shutdown;

    private HostWatch() {}

    /** A stop has begun: from now on it alone decides the exit status; the standard-input watch ends. */
    static void shuttingDown() {
        shuttingDown = true;
        FileChannel channel = stdin;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closed already: the watcher has left its read either way.
            }
        }
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

    /** From now on the host's death runs {@code stop}; until then it halts the worker at once. */
    static void stopWith(Shutdown stop) {
        shutdown = stop;
    }

    /** Starts watching. */
    static void start() {
        if (stdinIsPipe()) {
            stdin = new FileInputStream(FileDescriptor.in).getChannel();
            Thread watcher = new Thread(HostWatch::watchStdin, "cordon-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
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
        ByteBuffer buffer = ByteBuffer.allocate(256);
        try {
            while (stdin.read(buffer) >= 0) {
                // After the token line the host writes nothing; anything it does write is ignored.
                buffer.clear();
            }
        } catch (IOException e) {
            // A broken pipe means the same as end-of-file; a closed channel means a stop has begun.
        }
        die("standard input closed");
    }

    private static void watchParent(ProcessHandle parent) {
        while (!shuttingDown) {
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
        WorkerLog.warn("host gone (" + reason + "); stopping");
        Shutdown stop = shutdown;
        if (stop != null) {
            stop.run(EXIT_HOST_GONE);
        } else {
            // Still starting: no plugin to clean up and no call to answer.
            ProcessTree.killDescendants();
            Runtime.getRuntime().halt(EXIT_HOST_GONE);
        }
    }
}
