package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.cordon.store.sqlite.SqliteConfigStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switching a running {@code bin/cordon serve} to PostgreSQL is one configuration file: with
 * {@code etc/dev.cordon.store.postgres.cfg} the PostgreSQL stores come up and outrank SQLite's, so a plugin's
 * configuration is kept in PostgreSQL; removing the file falls back to SQLite. Runs against the server named by
 * {@code CORDON_TEST_PG_URL}, {@code CORDON_TEST_PG_USER} and {@code CORDON_TEST_PG_PASSWORD} (the cordon_test
 * database and role on 127.0.0.1:5432 by default, which {@code .ci/run} creates); skipped when none answers, failed
 * instead when {@code CORDON_REQUIRE_POSTGRES=1}.
 */
class PostgresStoreIT {

    private static final String URL = env("CORDON_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/cordon_test");
    private static final String USER = env("CORDON_TEST_PG_USER", "cordon_test");
    private static final String PASSWORD = env("CORDON_TEST_PG_PASSWORD", "cordon_test");
    private static final String PG = "dev.cordon.store.postgres.";

    @TempDir
    Path dir;

    @Test
    void aConfigurationFileSwitchesTheStoresToPostgresqlAndRemovingItFallsBackToSqlite() throws Exception {
        requireServer();
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path home = Distribution.copyTo(dir.resolve("cordon"));
        Files.writeString(
                home.resolve("etc/cordon.properties"),
                "cordon.plugins.paths = " + home.resolve("examples/manifests") + "\n");
        Process serve = CordonProcess.startNamed(home, "serve-", "serve");
        try {
            awaitReady(home, serve.pid());
            assertThat(components(home))
                    .containsEntry(PG + "PostgresJobStore", "UNSATISFIED_CONFIGURATION")
                    .containsEntry(PG + "PostgresConfigStore", "UNSATISFIED_CONFIGURATION");

            Path password = Files.writeString(dir.resolve("pg.password"), PASSWORD + "\n");
            Path cfg = Files.writeString(
                    home.resolve("etc/dev.cordon.store.postgres.cfg"),
                    "url = " + URL + "\nuser = " + USER + "\npassword.file = " + password + "\nschema = " + schema
                            + "\npool.size = 2\n");
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(components(home))
                            .hasEntrySatisfying(
                                    PG + "PostgresJobStore", s -> assertThat(s).isIn("ACTIVE", "SATISFIED"))
                            .hasEntrySatisfying(
                                    PG + "PostgresConfigStore",
                                    s -> assertThat(s).isIn("ACTIVE", "SATISFIED")));
            config(home, "pg> ");
            assertThat(storedInPostgres(schema)).contains("\"prefix\":\"pg> \"");
            assertThat(query(schema, "SELECT max(version) FROM schema_version")).isEqualTo("6");

            Files.delete(cfg);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(components(home))
                            .containsEntry(PG + "PostgresJobStore", "UNSATISFIED_CONFIGURATION")
                            .containsEntry(PG + "PostgresConfigStore", "UNSATISFIED_CONFIGURATION"));
            config(home, "back> ");
            assertThat(storedInPostgres(schema))
                    .as("PostgreSQL no longer written")
                    .contains("\"prefix\":\"pg> \"");
            try (SqliteConfigStore sqlite = new SqliteConfigStore(home.resolve("data/cordon.db"))) {
                assertThat(sqlite.get("echo").orElseThrow().configJson()).contains("\"prefix\":\"back> \"");
            }

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS))
                    .as("serve stops within 30 s of SIGTERM")
                    .isTrue();
        } finally {
            CordonProcess.kill(serve);
            dropSchema(schema);
        }
    }

    /** Sets echo's prefix through an attached shell, which persists it in the highest-ranked config store. */
    private static void config(Path home, String prefix) throws Exception {
        CordonProcess.Result r =
                CordonProcess.run(home, 60, "shell", "-c", "cordon:config echo '{\"prefix\":\"" + prefix + "\"}'");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    private static Map<String, String> components(Path home) throws Exception {
        CordonProcess.Result status = CordonProcess.run(home, 60, "shell", "-c", "cordon:status --json");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        Map<String, String> states = new HashMap<>();
        for (JsonElement c :
                JsonParser.parseString(status.stdout()).getAsJsonObject().getAsJsonArray("components")) {
            states.put(
                    c.getAsJsonObject().get("name").getAsString(),
                    c.getAsJsonObject().get("state").getAsString());
        }
        return states;
    }

    private static String storedInPostgres(String schema) throws SQLException {
        return query(schema, "SELECT config_json FROM plugin_configs WHERE plugin_name = 'echo'");
    }

    private static String query(String schema, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            c.setSchema(schema);
            try (PreparedStatement p = c.prepareStatement(sql);
                    ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void dropSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }

    private static void requireServer() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            System.out.println("PostgresStoreIT uses " + URL + " as " + USER + ": " + rs.getString(1));
        } catch (SQLException e) {
            String why = "No PostgreSQL server at " + URL + " as user " + USER + " (" + e.getMessage()
                    + "); set CORDON_TEST_PG_URL, CORDON_TEST_PG_USER and CORDON_TEST_PG_PASSWORD, or run .ci/run.";
            if ("1".equals(System.getenv("CORDON_REQUIRE_POSTGRES"))) {
                fail(why + " CORDON_REQUIRE_POSTGRES=1 makes this a failure.");
            }
            Assumptions.abort(why);
        }
    }

    private static void awaitReady(Path home, long pid) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve("serve-stdout.txt")))
                        .as("stderr: %s", CordonProcess.read(home.resolve("serve-stderr.txt")))
                        .contains("Cordon ready")
                        .contains("pid " + pid));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
