package dev.cordon.boot.internal.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * An exclusive lock on a data folder, held by the one runtime that uses it. The operating system releases it
 * when the process dies, so a killed runtime never blocks the next start; the file names the owner's pid for
 * the message of whoever finds it taken.
 */
public final class DataFolderLock implements AutoCloseable {

    /** The lock file inside the data folder. */
    public static final String FILE = "cordon.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} and writes this process's pid into it.
     *
     * @return the lock, or empty with the holder's pid (-1 when unknown) when another runtime holds it
     * @throws UncheckedIOException when the lock file cannot be opened or written
     */
    public static Attempt acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot open the lock file " + file + ": check that the data folder is writable", e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                long holder = readPid(file);
                channel.close();
                return new Attempt(null, holder);
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new Attempt(
                    new DataFolderLock(channel, lock), ProcessHandle.current().pid());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pid a lock file names, when it names one. */
    public static OptionalLong holder(Path dataDir) {
        long pid = readPid(dataDir.resolve(FILE));
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /** Releases the lock; the file stays, naming the last owner, and is reused by the next start. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(channel);
    }

    private static long readPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }

    /**
     * The outcome of {@link #acquire}.
     *
     * @param lock the lock when taken, else null
     * @param pid this process's pid when taken, else the holder's (-1 when its file does not say)
     */
    public record Attempt(DataFolderLock lock, long pid) {

        /** Whether this process now holds the lock. */
        public boolean taken() {
            return lock != null;
        }
    }
}
