package dev.cordon.store.postgres;

import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.JournalStore;
import dev.cordon.testkit.store.DiagnosticStoreContract;
import dev.cordon.testkit.store.JournalStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * {@link PostgresJournalStore} and {@link PostgresDiagnosticStore} against their contracts, each test in a schema of
 * its own (CORDON_TEST_PG_URL/USER/PASSWORD; skipped without a server unless CORDON_REQUIRE_POSTGRES=1).
 */
class PostgresJournalStoreTest {

    private static final TestServer SERVER = new TestServer();

    @BeforeAll
    static void server() {
        TestServer.require(PostgresJournalStoreTest.class);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        SERVER.dropSchemas();
    }

    @Nested
    class Journal extends JournalStoreContract {
        @Override
        protected JournalStore newStore() {
            return new PostgresJournalStore(SERVER.newSchema("journal"));
        }
    }

    @Nested
    class Diagnostics extends DiagnosticStoreContract {
        @Override
        protected DiagnosticStore newStore() {
            return new PostgresDiagnosticStore(SERVER.newSchema("diagnostics"));
        }
    }
}
