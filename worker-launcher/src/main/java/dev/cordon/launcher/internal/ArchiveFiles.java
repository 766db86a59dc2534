package dev.cordon.launcher.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The files of start-up archives: each archive's checksum file ({@code <archive>.crc}: CRC-32C and size), the lock
 * file that lets one worker at a time record an archive, and the digest that names an archive.
 */
final class ArchiveFiles {

    /** What a look at an archive found. */
    enum Check {
        /** The bytes match the checksum written when the archive was made. */
        VALID,
        /** No checksum yet: the archive is being moved into place now. */
        INCOMPLETE,
        /** The bytes do not match: the archive must not be mapped. */
        CORRUPT
    }

    /** Archives (by file) already found valid, with the size and time they had then. */
    private final Map<Path, String> valid = new ConcurrentHashMap<>();
    /** Archives this process is recording now: a file lock does not exclude the process that holds it. */
    private final Set<Path> claimed = ConcurrentHashMap.newKeySet();

    /** Checks an archive against its checksum, reading it only the first time this process sees that file. */
    Check check(Path archive) {
        try {
            String stamp = Files.size(archive) + ":"
                    + Files.getLastModifiedTime(archive).toMillis();
            if (stamp.equals(valid.get(archive))) {
                return Check.VALID;
            }
            Path sum = checksumFile(archive);
            if (!Files.isRegularFile(sum)) {
                return Check.INCOMPLETE;
            }
            boolean matches =
                    Files.readString(sum, StandardCharsets.US_ASCII).strip().equals(checksum(archive));
            if (matches) {
                valid.put(archive, stamp);
            }
            return matches ? Check.VALID : Check.CORRUPT;
        } catch (IOException e) {
            return Check.CORRUPT;
        }
    }

    /**
     * Claims the right to record {@code archive}: no other worker of this process, nor of another process that
     * honours the same lock file, records it until the claim is released.
     *
     * @return empty when someone else holds it, or the lock file cannot be made
     */
    Optional<Claim> claim(Path archive) {
        if (!claimed.add(archive)) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(archive.getParent());
            FileChannel channel =
                    FileChannel.open(lockFile(archive), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException | IOException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                claimed.remove(archive);
                return Optional.empty();
            }
            return Optional.of(new Claim(archive, channel));
        } catch (IOException e) {
            claimed.remove(archive);
            return Optional.empty();
        }
    }

    /** A held right to record one archive. */
    final class Claim {

        private final Path archive;
        private final FileChannel channel;

        private Claim(Path archive, FileChannel channel) {
            this.archive = archive;
            this.channel = channel;
        }

        /** Releases the lock (closing its file); idempotent. */
        void release() {
            try {
                if (channel.isOpen()) {
                    channel.close();
                }
            } catch (IOException e) {
                // Closing the channel releases the lock whatever close reports.
            } finally {
                claimed.remove(archive);
            }
        }
    }

    /**
     * Moves a finished archive into place, then writes its checksum: a reader that finds the archive before its
     * checksum takes it as still being written.
     */
    void install(Path part, Path archive) throws IOException {
        String sum = checksum(part);
        Files.deleteIfExists(checksumFile(archive));
        Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path sumPart = archive.resolveSibling(part.getFileName() + ".crc");
        Files.writeString(sumPart, sum + "\n", StandardCharsets.US_ASCII);
        Files.move(sumPart, checksumFile(archive), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes an archive and its checksum (a corrupt one, under a claim). */
    void delete(Path archive) {
        valid.remove(archive);
        deleteQuietly(archive);
        deleteQuietly(checksumFile(archive));
    }

    void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover part file is harmless: names never repeat and a later install replaces archives whole.
        }
    }

    static Path checksumFile(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".crc");
    }

    static Path lockFile(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".lock");
    }

    /** CRC-32C and size of a file, as the checksum file holds them. */
    static String checksum(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(ByteBuffer.wrap(buffer, 0, n));
                size += n;
            }
        }
        return String.format("crc32c=%08x size=%d", crc.getValue(), size);
    }

    /**
     * A digest of what an archive depends on: the JDK, the JVM options and the rest of the command line, and the
     * names, sizes and times of the worker's jars and of the files directly in the plugin's environment folder.
     */
    static String digest(
            JavaRuntime jdk, List<String> jvmOptions, List<String> rest, Path workerLib, Optional<Path> envDir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, jdk.identity());
            update(sha, String.join("\u0000", jvmOptions));
            update(sha, String.join("\u0000", rest));
            files(sha, workerLib);
            if (envDir.isPresent()) {
                files(sha, envDir.get());
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A file-name-safe form of a plugin name. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "plugin" : s.substring(0, Math.min(s.length(), 64));
    }

    private static void files(MessageDigest sha, Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path f : entries.sorted().toList()) {
                update(
                        sha,
                        f.getFileName() + ":" + Files.size(f) + ":"
                                + Files.getLastModifiedTime(f).toMillis());
            }
        } catch (IOException e) {
            // An unreadable folder names a cache of its own; the worker reports the folder when it loads from it.
            update(sha, "unreadable:" + folder);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }
}
