package dev.cordon.boot.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A rolling file appender whose files only their owner can read or write (mode 0600): Cordon's log names
 * plugins, instances and paths, and may carry what a plugin printed. Rolled files keep the mode, since rolling
 * renames them.
 */
public final class PrivateFileAppender extends RollingFileAppender<ILoggingEvent> {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Override
    public void openFile(String fileName) throws IOException {
        makePrivate(Path.of(fileName));
        super.openFile(fileName);
    }

    /** Creates {@code file} with mode 0600, or sets that mode when it exists; nothing on a non-POSIX system. */
    static void makePrivate(Path file) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } else {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Files.createFile(file, mode);
        }
    }
}
