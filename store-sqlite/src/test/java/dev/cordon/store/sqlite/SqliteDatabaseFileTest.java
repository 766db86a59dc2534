package dev.cordon.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database file itself: schema, pragmas, reopening, and the errors for files that cannot be used. */
class SqliteDatabaseFileTest {

    @TempDir
    Path folder;

    private Path db() {
        return folder.resolve("data").resolve("cordon.db");
    }

    @Test
    void newDatabaseIsInWalModeWithEveryMigrationRecorded() throws Exception {
        new SqliteConfigStore(db()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            List<Integer> versions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
                while (rs.next()) {
                    versions.add(rs.getInt(1));
                }
            }
            assertThat(versions).containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Test
    void bothStoresShareOneFileAndReopenWithTheirData() {
        try (SqliteConfigStore configs = new SqliteConfigStore(db());
                SqliteEmpiricalResourceStore samples = new SqliteEmpiricalResourceStore(db())) {
            configs.put("echo", "{\"x\":1}", false);
            samples.record(new dev.cordon.api.store.ResourceSample(
                    "i1",
                    "echo",
                    "sha256:h",
                    true,
                    1,
                    2,
                    java.util.OptionalDouble.empty(),
                    3,
                    java.util.Map.of(),
                    java.time.Instant.now()));
        }
        try (SqliteConfigStore configs = new SqliteConfigStore(db());
                SqliteEmpiricalResourceStore samples = new SqliteEmpiricalResourceStore(db())) {
            assertThat(configs.get("echo").orElseThrow().enabled()).isFalse();
            assertThat(samples.get("i1", "sha256:h").orElseThrow().sampleCount())
                    .isEqualTo(1);
        }
    }

    @Test
    void corruptFileIsReportedWithTheFileAndWhatToDo() throws Exception {
        Files.createDirectories(db().getParent());
        byte[] garbage = new byte[8192];
        new Random(42).nextBytes(garbage);
        Files.write(db(), garbage);
        assertThatThrownBy(() -> new SqliteConfigStore(db()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(db().toString())
                .hasMessageContaining("corrupt or is not a SQLite database")
                .hasMessageContaining("mv " + db())
                .satisfies(e -> assertThat(((StoreException) e).file()).contains(db()));
    }

    @Test
    void unwritableFolderIsReportedWithTheFileAndWhatToDo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                "root".equals(System.getProperty("user.name")), "root ignores folder permissions");
        Path locked = folder.resolve("locked");
        Files.createDirectories(locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        Path file = locked.resolve("cordon.db");
        assertThatThrownBy(() -> new SqliteConfigStore(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("writable");
    }

    @Test
    void databaseFromANewerCordonIsRefused() throws Exception {
        new SqliteConfigStore(db()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 'now')");
        }
        assertThatThrownBy(() -> new SqliteEmpiricalResourceStore(db()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining(db().toString());
    }
}
