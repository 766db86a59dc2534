package dev.cordon.store.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.store.StoreException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What an operator reads when the server is away, refuses the login, lacks the database or is ahead of us. */
class PostgresFailuresTest {

    private static final TestServer SERVER = new TestServer();

    @AfterAll
    static void dropSchemas() throws Exception {
        SERVER.dropSchemas();
    }

    @Test
    void aServerThatIsNotListeningIsNamedWithWhatToCheck() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/cordon";
        PostgresSettings settings = new PostgresSettings(url, "cordon", "", "cordon", 1, Duration.ofSeconds(2));

        assertThatThrownBy(() -> new PostgresJobStore(settings))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot reach PostgreSQL at " + url)
                .hasMessageContaining("pg_hba.conf")
                .hasMessageContaining("etc/dev.cordon.store.postgres.cfg");
    }

    @Test
    void aWrongPasswordIsTheLoginNotTheServer() {
        TestServer.require(PostgresFailuresTest.class);
        PostgresSettings settings = new PostgresSettings(
                TestServer.URL, TestServer.USER, "not-the-password", "cordon", 1, Duration.ofSeconds(5));

        assertThatThrownBy(() -> new PostgresConfigStore(settings, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refused the login")
                .hasMessageContaining("password.file")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aMissingDatabaseSaysHowToCreateIt() {
        TestServer.require(PostgresFailuresTest.class);
        String url = TestServer.URL.replaceFirst("/[^/?]+(\\?|$)", "/cordon_no_such_db$1");
        PostgresSettings settings =
                new PostgresSettings(url, TestServer.USER, TestServer.PASSWORD, "cordon", 1, Duration.ofSeconds(5));

        assertThatThrownBy(() -> new PostgresEmpiricalResourceStore(settings))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("createdb -O " + TestServer.USER);
    }

    @Test
    void aSchemaWrittenByANewerCordonIsRefused() throws Exception {
        TestServer.require(PostgresFailuresTest.class);
        PostgresSettings settings = SERVER.newSchema("newer");
        new PostgresJobStore(settings).close();
        try (Connection c = TestServer.connect();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"" + settings.schema() + "\".schema_version (version, description)"
                    + " VALUES (99, 'from the future')");
        }

        assertThatThrownBy(() -> new PostgresJobStore(settings))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer than this Cordon understands");
    }
}
