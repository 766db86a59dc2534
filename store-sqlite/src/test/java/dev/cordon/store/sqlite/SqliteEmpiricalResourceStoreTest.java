package dev.cordon.store.sqlite;

import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.testkit.store.EmpiricalResourceStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteEmpiricalResourceStore} against the EmpiricalResourceStore contract. */
class SqliteEmpiricalResourceStoreTest extends EmpiricalResourceStoreContract {

    @TempDir
    Path folder;

    @Override
    protected EmpiricalResourceStore newStore() {
        return new SqliteEmpiricalResourceStore(folder.resolve("cordon.db"));
    }
}
