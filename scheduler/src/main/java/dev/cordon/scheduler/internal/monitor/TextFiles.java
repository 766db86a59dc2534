package dev.cordon.scheduler.internal.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reading the small text files of procfs and cgroupfs, where a file that vanished is a normal answer. */
final class TextFiles {

    private TextFiles() {}

    /**
     * The file's text; empty when it does not exist (a process that exited, a controller not mounted) or cannot
     * be read for lack of permission.
     */
    static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
            return Optional.empty();
        } catch (IOException e) {
            // procfs answers ESRCH for a process that died between listing and reading it.
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's text, which must exist. */
    static String read(Path file) {
        return readIfPresent(file)
                .orElseThrow(() -> new IllegalStateException(file
                        + " does not exist or cannot be read; the system monitor needs a Linux procfs mounted at "
                        + file.getParent()));
    }
}
