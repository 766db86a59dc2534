package dev.cordon.store.postgres.internal;

import dev.cordon.api.store.StoreException;
import dev.cordon.store.postgres.PostgresSettings;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns what the driver and the pool throw into a {@link StoreException} that says which server, what failed and
 * what the operator should do, keyed by the SQLSTATE class PostgreSQL reports.
 */
final class PostgresFailures {

    private static final String CONFIG_FILE = "etc/dev.cordon.store.postgres.cfg";

    private PostgresFailures() {}

    static StoreException translate(PostgresSettings settings, String action, Throwable failure) {
        if (failure instanceof StoreException e) {
            return e;
        }
        String where = settings.describe();
        SQLException sql = find(failure);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String message;
        if (state.startsWith("08") || (sql == null && failure instanceof SQLTransientConnectionException)) {
            message = "Cannot reach PostgreSQL at " + where + " (" + action + " failed: " + rootMessage(failure)
                    + "). Check that the server runs and accepts TCP connections from this host (listen_addresses,"
                    + " pg_hba.conf, firewalls), and the url in " + CONFIG_FILE + ".";
        } else if (state.equals("28P01") || state.equals("28000")) {
            message = "PostgreSQL at " + where + " refused the login (" + action + " failed: "
                    + rootMessage(failure) + "). Check user and password (or password.file) in " + CONFIG_FILE
                    + ", and that pg_hba.conf lets this role in from this host.";
        } else if (state.equals("3D000")) {
            message = "The database named in " + where + " does not exist (" + action + " failed). Create it, e.g."
                    + " createdb -O " + settings.user() + " <database>, or fix the url in " + CONFIG_FILE + ".";
        } else if (state.equals("42501")) {
            message = "The role " + settings.user() + " may not do this at " + where + " (" + action + " failed: "
                    + rootMessage(failure) + "). Grant it CREATE on the database (or create schema "
                    + settings.schema() + " owned by it), or use a role that owns the database.";
        } else if (state.startsWith("53")) {
            message = "PostgreSQL at " + where + " is out of resources (" + action + " failed: " + rootMessage(failure)
                    + "). Check max_connections (every host opens up to three times pool.size), disk space and"
                    + " memory on the server.";
        } else if (state.startsWith("57P")) {
            message = "PostgreSQL at " + where + " is shutting down or restarting (" + action + " failed). Retry"
                    + " once it is back; calls in flight were rolled back.";
        } else if (state.startsWith("40")) {
            message = "PostgreSQL at " + where + " rolled back a transaction (" + action + " failed: "
                    + rootMessage(failure) + "). Nothing was written; retry the operation.";
        } else if (failure instanceof SQLTransientConnectionException) {
            message = "No connection to PostgreSQL at " + where + " became free within "
                    + settings.connectTimeout().toSeconds() + " s (" + action + " failed). The server is slow or"
                    + " unreachable, or pool.size in " + CONFIG_FILE + " is too small for the load.";
        } else {
            message = action + " failed on PostgreSQL at " + where + ": " + rootMessage(failure);
        }
        return new StoreException(null, message, failure);
    }

    private static SQLException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null) {
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
