package dev.cordon.store.sqlite;

import dev.cordon.api.store.ConfigStore;
import dev.cordon.testkit.store.ConfigStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteConfigStore} against the ConfigStore contract, each test on a fresh database file. */
class SqliteConfigStoreTest extends ConfigStoreContract {

    @TempDir
    Path folder;

    @Override
    protected ConfigStore newStore(Clock clock) {
        return new SqliteConfigStore(folder.resolve("cordon.db"), clock);
    }
}
