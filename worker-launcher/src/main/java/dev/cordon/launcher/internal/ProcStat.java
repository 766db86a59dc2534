package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a process's {@code /proc/<pid>/stat} (pid, command, state, parent, group), read as bytes. Kept open for
 * one process, its state costs one {@code pread}: the manager asks whether a worker still runs before every call, and
 * opening, reading and splitting the whole file each time cost that call tens of microseconds. {@link #members}
 * reads every process's head the same way, without decoding or splitting the rest of the line.
 */
final class ProcStat implements AutoCloseable {

    /** Enough for the pid, a command name of at most 15 bytes in parentheses, the state, the parent and the group. */
    private static final int HEAD = 128;

    private static final Path PROC = Path.of("/proc");

    private final FileChannel channel;

    private ProcStat(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * The stat file of {@code pid}'s main thread, open; one that reads nothing where it cannot be opened. The
     * process's state is its main thread's, and the kernel writes a thread's file without summing over every thread
     * of the process, as it does for {@code /proc/<pid>/stat}.
     */
    static ProcStat open(long pid) {
        String id = Long.toString(pid);
        try {
            return new ProcStat(FileChannel.open(
                    PROC.resolve(id).resolve("task").resolve(id).resolve("stat")));
        } catch (IOException | UnsupportedOperationException e) {
            return new ProcStat(null);
        }
    }

    /** The state letter ({@code R}, {@code S}, {@code Z}…), or 0 once the process is reaped or where unreadable. */
    char state() {
        if (channel == null) {
            return 0;
        }
        ByteBuffer head = ByteBuffer.allocate(HEAD);
        try {
            channel.read(head, 0);
        } catch (IOException e) {
            return 0;
        }
        int close = lastParen(head);
        return close < 0 || close + 2 >= head.position() ? 0 : (char) head.get(close + 2);
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // A read-only /proc file: nothing was written that could be lost.
            }
        }
    }

    /** The ids of the processes in group {@code pgid} now, zombies excluded. */
    static List<Long> members(long pgid) {
        List<Long> pids = new ArrayList<>();
        ByteBuffer head = ByteBuffer.allocate(HEAD);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    head.clear();
                    if (readHead(entry.resolve("stat"), head) && inGroup(head, pgid)) {
                        pids.add(Long.parseLong(name));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc unreadable: no member can be found, and none is reported.
        }
        return pids;
    }

    private static boolean readHead(Path stat, ByteBuffer head) {
        try (FileChannel file = FileChannel.open(stat, StandardOpenOption.READ)) {
            return file.read(head, 0) > 0;
        } catch (IOException e) {
            return false; // gone since the directory was listed
        }
    }

    /** Whether the head read into {@code head} is of a live (not zombie) process in group {@code pgid}. */
    private static boolean inGroup(ByteBuffer head, long pgid) {
        int i = lastParen(head);
        int end = head.position();
        if (i < 0 || i + 2 >= end || head.get(i + 2) == 'Z') {
            return false;
        }
        // ") S ppid pgrp ": skip the state and the parent, then read the group.
        i += 4;
        while (i < end && head.get(i) != ' ') {
            i++;
        }
        long group = 0;
        boolean digits = false;
        for (i++; i < end && head.get(i) >= '0' && head.get(i) <= '9'; i++) {
            group = group * 10 + (head.get(i) - '0');
            digits = true;
        }
        return digits && i < end && group == pgid;
    }

    private static int lastParen(ByteBuffer head) {
        for (int i = head.position() - 1; i >= 0; i--) {
            if (head.get(i) == ')') {
                return i;
            }
        }
        return -1;
    }
}
