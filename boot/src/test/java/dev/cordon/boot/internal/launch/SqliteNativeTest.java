package dev.cordon.boot.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cordon.boot.CordonHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's one-time extraction of the SQLite driver's native library, with the real driver jar. */
class SqliteNativeTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        System.clearProperty(SqliteNative.PATH_PROPERTY);
        System.clearProperty(SqliteNative.NAME_PROPERTY);
    }

    @Test
    void theLibraryIsExtractedOnceIntoTheDataFolderAndTheDriverLoadsItFromThere() throws Exception {
        CordonHome home = homeWithDriver();

        SqliteNative.prepare(home);

        Path library = onlyLibrary(home);
        assertThat(System.getProperty(SqliteNative.PATH_PROPERTY))
                .isEqualTo(library.getParent().toString());
        assertThat(System.getProperty(SqliteNative.NAME_PROPERTY))
                .isEqualTo(library.getFileName().toString());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                ResultSet rs = c.createStatement().executeQuery("select sqlite_version()")) {
            assertThat(rs.next()).isTrue();
        }
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "the loaded library is checked in /proc/self/maps");
        assertThat(Files.readString(Path.of("/proc/self/maps"))).contains(library.toString());

        // A later start finds it and writes nothing.
        FileTime written = Files.getLastModifiedTime(library);
        Files.setLastModifiedTime(library, FileTime.fromMillis(written.toMillis() - 60_000));
        clearProperties();
        SqliteNative.prepare(home);
        assertThat(System.getProperty(SqliteNative.PATH_PROPERTY))
                .isEqualTo(library.getParent().toString());
        assertThat(Files.getLastModifiedTime(library).toMillis()).isEqualTo(written.toMillis() - 60_000);
    }

    @Test
    void anotherDriverJarGetsItsOwnExtractionAndTheOldOneIsRemoved() throws Exception {
        CordonHome home = homeWithDriver();
        SqliteNative.prepare(home);
        Path first = onlyLibrary(home);
        clearProperties();

        Path jar = home.bundles().resolve("sqlite-jdbc-test.jar");
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1_000));
        SqliteNative.prepare(home);

        Path second = onlyLibrary(home);
        assertThat(second.getParent()).isNotEqualTo(first.getParent());
        assertThat(first.getParent()).doesNotExist();
        assertThat(System.getProperty(SqliteNative.PATH_PROPERTY))
                .isEqualTo(second.getParent().toString());
    }

    @Test
    void withoutADriverJarOrWithThePathSetNothingIsDone() throws Exception {
        CordonHome bare = CordonHome.standard(dir.resolve("bare"));
        Files.createDirectories(bare.bundles());
        SqliteNative.prepare(bare);
        assertThat(System.getProperty(SqliteNative.PATH_PROPERTY)).isNull();
        assertThat(bare.data().resolve("native")).doesNotExist();

        CordonHome home = homeWithDriver();
        System.setProperty(SqliteNative.PATH_PROPERTY, "/somewhere/else");
        SqliteNative.prepare(home);
        assertThat(System.getProperty(SqliteNative.PATH_PROPERTY)).isEqualTo("/somewhere/else");
        assertThat(home.data().resolve("native")).doesNotExist();
    }

    private CordonHome homeWithDriver() throws Exception {
        CordonHome home = CordonHome.standard(dir.resolve("home"));
        Files.createDirectories(home.bundles());
        Path driver = Path.of(org.sqlite
                .JDBC
                .class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path jar = home.bundles().resolve("sqlite-jdbc-test.jar");
        if (!Files.exists(jar)) {
            Files.copy(driver, jar);
        }
        return home;
    }

    private static Path onlyLibrary(CordonHome home) throws Exception {
        try (Stream<Path> files = Files.walk(home.data().resolve("native"))) {
            List<Path> libraries = files.filter(Files::isRegularFile).toList();
            assertThat(libraries).hasSize(1);
            return libraries.get(0);
        }
    }
}
