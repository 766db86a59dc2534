package dev.cordon.store.sqlite.internal;

import dev.cordon.api.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** Brings a database to {@link Migration#latestVersion()}, inside the caller's write transaction. */
final class SchemaMigrator {

    private SchemaMigrator() {}

    static void migrate(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version     INTEGER PRIMARY KEY,
                        description TEXT NOT NULL,
                        applied_at  TEXT NOT NULL
                    )""");
        }
        int current = currentVersion(c);
        if (current > Migration.latestVersion()) {
            throw new StoreException(
                    file,
                    "The database " + file + " has schema version " + current
                            + ", newer than this Cordon understands (" + Migration.latestVersion()
                            + "). Run a Cordon at least as new as the one that last wrote it, or restore a backup.");
        }
        for (Migration m : Migration.ALL) {
            if (m.version() > current) {
                apply(c, m);
            }
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void apply(Connection c, Migration m) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : m.statements()) {
                s.execute(sql);
            }
        }
        try (PreparedStatement p =
                c.prepareStatement("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            p.setInt(1, m.version());
            p.setString(2, m.description());
            p.setString(3, Instant.now().toString());
            p.executeUpdate();
        }
    }
}
