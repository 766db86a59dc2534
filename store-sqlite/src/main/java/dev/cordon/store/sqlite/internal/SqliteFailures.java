package dev.cordon.store.sqlite.internal;

import dev.cordon.api.store.StoreException;
import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns what SQLite and the pool throw into a {@link StoreException} that tells the operator what to do. */
final class SqliteFailures {

    private SqliteFailures() {}

    static StoreException translate(Path file, String action, Throwable failure) {
        if (failure instanceof StoreException e) {
            return e;
        }
        SQLiteException sqlite = find(failure);
        int primary = sqlite == null ? -1 : sqlite.getResultCode().code & 0xff;
        String message;
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            message = "The database file " + file + " is corrupt or is not a SQLite database (" + action
                    + " failed). Stop Cordon, move the file aside (mv " + file + " " + file + ".corrupt, and its -wal"
                    + " and -shm files if present) and start again to get an empty database, or restore it from a backup.";
        } else if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                || primary == SQLiteErrorCode.SQLITE_PERM.code
                || primary == SQLiteErrorCode.SQLITE_READONLY.code
                || primary == SQLiteErrorCode.SQLITE_AUTH.code) {
            message = "Cannot open or write the database file " + file + " (" + action + " failed). Check that the file"
                    + " and its folder exist and are readable and writable by user " + System.getProperty("user.name")
                    + "; SQLite also creates " + file.getFileName() + "-wal and -shm beside it, or set db.path to"
                    + " another file.";
        } else if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            message = "The database file " + file + " stayed locked past the busy timeout (" + action + " failed)."
                    + " Another process holds a long transaction on it: retry, or stop that process.";
        } else if (primary == SQLiteErrorCode.SQLITE_FULL.code || primary == SQLiteErrorCode.SQLITE_IOERR.code) {
            message = "Writing the database file " + file + " failed with an I/O error (" + action + "): "
                    + sqlite.getMessage() + ". Check free disk space and the health of the disk.";
        } else {
            message = action + " failed on the database file " + file + ": " + rootMessage(failure);
        }
        return new StoreException(file, message, failure);
    }

    private static SQLiteException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException s) {
                return s;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
