package dev.cordon.store.secrets.internal;

import dev.cordon.api.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * A file only its owner may read, in a folder only its owner may enter: {@code 0600} in {@code 0700}.
 * Reading refuses a file or folder that others can reach; writing replaces the file atomically (a
 * temporary {@code 0600} file in the same folder, flushed to disk, then moved over the old one), so a
 * reader sees the old content or the new, never a mix. Permissions are checked only where the file
 * system is POSIX.
 */
public final class PrivateFile {

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final boolean posix =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public PrivateFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    /** The file's bytes, or empty when it does not exist yet. */
    public Optional<byte[]> read() {
        try {
            checkPermissions(file.getParent(), FOLDER_MODE, "700");
            checkPermissions(file, FILE_MODE, "600");
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException(
                    file,
                    "Cannot read the secrets file " + file + ": " + e.getClass().getSimpleName()
                            + ". Check that it is readable by user " + System.getProperty("user.name") + ".",
                    e);
        }
    }

    /** Replaces the file's content with {@code bytes}, creating the folder ({@code 0700}) when missing. */
    public void write(byte[] bytes) {
        Path folder = file.getParent();
        Path temporary = null;
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                if (posix) {
                    Files.setPosixFilePermissions(folder, FOLDER_MODE);
                }
            }
            checkPermissions(folder, FOLDER_MODE, "700");
            checkPermissions(file, FILE_MODE, "600");
            temporary = posix
                    ? Files.createTempFile(folder, ".secrets-", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE))
                    : Files.createTempFile(folder, ".secrets-", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            move(temporary);
            temporary = null;
        } catch (IOException e) {
            throw new StoreException(
                    file,
                    "Cannot write the secrets file " + file + ": "
                            + e.getClass().getSimpleName()
                            + " on " + e.getMessage() + ". Check that " + folder + " is writable by user "
                            + System.getProperty("user.name") + " and the disk is not full.",
                    e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The write already failed and says so; a stray temporary file is harmless.
                }
            }
        }
    }

    private void move(Path temporary) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new StoreException(
                    file,
                    "The file system of " + file + " cannot replace files atomically;"
                            + " put the secrets folder on a local file system.",
                    e);
        }
    }

    private void checkPermissions(Path path, Set<PosixFilePermission> allowed, String chmod) throws IOException {
        if (!posix || !Files.exists(path)) {
            return;
        }
        Set<PosixFilePermission> found = Files.getPosixFilePermissions(path);
        if (!allowed.containsAll(found)) {
            String kind = Files.isDirectory(path) ? "folder" : "file";
            throw new StoreException(
                    path,
                    "The secrets " + kind + " " + path + " has mode " + octal(found) + " ("
                            + PosixFilePermissions.toString(found)
                            + "), so other users can reach it; Cordon refuses to use it."
                            + " Run: chmod " + chmod + " " + path);
        }
    }

    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
