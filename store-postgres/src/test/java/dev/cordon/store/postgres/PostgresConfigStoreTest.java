package dev.cordon.store.postgres;

import dev.cordon.api.store.ConfigStore;
import dev.cordon.testkit.store.ConfigStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PostgresConfigStore} against the ConfigStore contract, each test in a schema of its own. */
class PostgresConfigStoreTest extends ConfigStoreContract {

    private static final TestServer SERVER = new TestServer();
    private PostgresSettings settings;

    /** This test's schema, made on first use (the contract opens its store before this class's set-up runs). */
    private PostgresSettings settings() {
        if (settings == null) {
            settings = SERVER.newSchema("config");
        }
        return settings;
    }

    @BeforeAll
    static void server() {
        TestServer.require(PostgresConfigStoreTest.class);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        SERVER.dropSchemas();
    }

    @Override
    protected ConfigStore newStore(Clock clock) {
        return new PostgresConfigStore(settings(), clock);
    }
}
