package dev.cordon.store.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use: {@code CORDON_TEST_PG_URL}, {@code CORDON_TEST_PG_USER} and
 * {@code CORDON_TEST_PG_PASSWORD} (defaults: the cordon_test database and role on 127.0.0.1:5432, which
 * {@code .ci/run} creates). When it cannot be reached the tests are skipped with a message naming what was tried,
 * or fail when {@code CORDON_REQUIRE_POSTGRES=1}. Each test works in a schema of its own, dropped afterwards, so
 * concurrent runs never meet.
 */
final class TestServer {

    static final String URL = env("CORDON_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/cordon_test");
    static final String USER = env("CORDON_TEST_PG_USER", "cordon_test");
    static final String PASSWORD = env("CORDON_TEST_PG_PASSWORD", "cordon_test");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> announced = new HashSet<>();
    private static String server;
    private static String unreachable;

    private final List<String> schemas = new ArrayList<>();

    /**
     * Skips (or, when required, fails) the calling test unless the server answers; names the server in the output
     * once for each test class.
     */
    static synchronized void require(Class<?> testClass) {
        if (server == null && unreachable == null) {
            try (Connection c = connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                server = URL + " as " + USER + ": " + rs.getString(1);
            } catch (SQLException e) {
                unreachable = "No PostgreSQL server at " + URL + " as user " + USER + " (" + e.getMessage()
                        + "); set CORDON_TEST_PG_URL, CORDON_TEST_PG_USER and CORDON_TEST_PG_PASSWORD, or run .ci/run,"
                        + " which starts one.";
            }
        }
        if (unreachable != null) {
            if ("1".equals(System.getenv("CORDON_REQUIRE_POSTGRES"))) {
                fail(unreachable + " CORDON_REQUIRE_POSTGRES=1 makes this a failure.");
            }
            Assumptions.abort(unreachable);
        }
        if (announced.add(testClass.getSimpleName())) {
            System.out.println(testClass.getSimpleName() + " uses PostgreSQL at " + server);
        }
    }

    /** Settings for a new, empty schema named after {@code test}; call {@link #require} first. */
    PostgresSettings newSchema(String test) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String base = test.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String schema = "t_" + base.substring(0, Math.min(base.length(), 40)) + "_"
                + HexFormat.of().formatHex(suffix);
        synchronized (schemas) {
            schemas.add(schema);
        }
        return new PostgresSettings(URL, USER, PASSWORD, schema, 4, Duration.ofSeconds(10));
    }

    /** Drops every schema this instance created. */
    void dropSchemas() throws SQLException {
        List<String> drop;
        synchronized (schemas) {
            drop = List.copyOf(schemas);
            schemas.clear();
        }
        if (drop.isEmpty()) {
            return;
        }
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String schema : drop) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }

    /** A plain connection as the test role. */
    static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
