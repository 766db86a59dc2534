package dev.cordon.launcher.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A worker's log file: rotated at spawn when large, a header per spawn, and its last lines for error messages. */
final class LogFiles {

    private static final int TAIL_BYTES = 8192;
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private LogFiles() {}

    /**
     * Creates the folder, rotates a file over {@code maxBytes} to {@code <name>.1}, makes the file readable by its
     * owner only (0600), appends a spawn header.
     */
    static void prepare(Path log, long maxBytes, String header) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        if (Files.isRegularFile(log) && Files.size(log) > maxBytes) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(log)) {
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PRIVATE));
        }
        // A worker's log may hold what its plugin prints, so only the owner reads it, whatever made the file.
        Files.setPosixFilePermissions(log, PRIVATE);
        Files.writeString(
                log,
                "\n--- " + header + " at " + Instant.now() + " ---\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Appends a line the launcher has to say about this spawn, if any. */
    static void append(Path log, Optional<String> line) throws IOException {
        if (line.isPresent()) {
            Files.writeString(log, line.get() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    /** The last {@code lines} lines of the log, or a note that it cannot be read. */
    static String tail(Path log, int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return String.join("\n", last);
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
