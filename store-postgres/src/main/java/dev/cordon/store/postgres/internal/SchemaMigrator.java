package dev.cordon.store.postgres.internal;

import dev.cordon.api.store.StoreException;
import dev.cordon.store.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings a schema to {@link Migration#latestVersion()}, inside the caller's transaction (PostgreSQL's DDL is
 * transactional, so a failed step leaves the schema as it was).
 */
final class SchemaMigrator {

    private SchemaMigrator() {}

    static void migrate(Connection c, PostgresSettings settings) throws SQLException {
        String schema = settings.schema();
        // Held until commit: hosts starting together wait here, and the later ones find the schema migrated.
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            p.setString(1, "cordon schema " + schema);
            p.execute();
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
            s.execute("SET LOCAL search_path TO \"" + schema + "\"");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version     INTEGER PRIMARY KEY,
                        description TEXT NOT NULL,
                        applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
                    )""");
        }
        int current = currentVersion(c);
        if (current > Migration.latestVersion()) {
            throw new StoreException(
                    null,
                    "The PostgreSQL schema " + schema + " at " + settings.url() + " has schema version " + current
                            + ", newer than this Cordon understands (" + Migration.latestVersion()
                            + "). Run a Cordon at least as new as the one that last wrote it on every host, or point"
                            + " schema in etc/dev.cordon.store.postgres.cfg at another schema.");
        }
        for (Migration m : Migration.ALL) {
            if (m.version() > current) {
                apply(c, m);
            }
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
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
                c.prepareStatement("INSERT INTO schema_version (version, description) VALUES (?, ?)")) {
            p.setInt(1, m.version());
            p.setString(2, m.description());
            p.executeUpdate();
        }
    }
}
