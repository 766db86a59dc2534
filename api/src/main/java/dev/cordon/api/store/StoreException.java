package dev.cordon.api.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A store could not do what was asked: its file is missing, unreadable, corrupt, has unsafe permissions,
 * or the backend failed. The message says which file, what is wrong and what the operator should do;
 * it never contains a secret value.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** A failure tied to {@code file} (may be null when the backend has no file). */
    public StoreException(Path file, String message) {
        this(file, message, null);
    }

    /** A failure tied to {@code file} (may be null), caused by {@code cause}. */
    public StoreException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file the failure concerns, when the backend has one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
