package dev.cordon.store.memory;

import dev.cordon.api.spi.JobStore;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.JournalStore;
import dev.cordon.api.store.SecretStore;
import dev.cordon.testkit.store.ConfigStoreContract;
import dev.cordon.testkit.store.DiagnosticStoreContract;
import dev.cordon.testkit.store.EmpiricalResourceStoreContract;
import dev.cordon.testkit.store.JobStoreContract;
import dev.cordon.testkit.store.JournalStoreContract;
import dev.cordon.testkit.store.SecretStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/** The in-memory stores against the contract of each SPI. */
class InMemoryStoresTest {

    @Nested
    class Config extends ConfigStoreContract {
        @Override
        protected ConfigStore newStore(Clock clock) {
            return new InMemoryConfigStore(clock);
        }
    }

    @Nested
    class Empirical extends EmpiricalResourceStoreContract {
        @Override
        protected EmpiricalResourceStore newStore() {
            return new InMemoryEmpiricalResourceStore();
        }
    }

    @Nested
    class Secrets extends SecretStoreContract {
        @Override
        protected SecretStore newStore() {
            return new InMemorySecretStore();
        }
    }

    @Nested
    class Jobs extends JobStoreContract {
        @Override
        protected JobStore newStore() {
            return new InMemoryJobStore();
        }
    }

    @Nested
    class Journal extends JournalStoreContract {
        @Override
        protected JournalStore newStore() {
            return new InMemoryJournalStore();
        }
    }

    @Nested
    class Diagnostics extends DiagnosticStoreContract {
        @Override
        protected DiagnosticStore newStore() {
            return new InMemoryDiagnosticStore();
        }
    }
}
