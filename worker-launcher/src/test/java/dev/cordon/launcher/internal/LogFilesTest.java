package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWorkerLogIsReadableByItsOwnerOnlyWhetherNewOrLeftByAnEarlierRun() throws IOException {
        Path fresh = dir.resolve("logs/echo.log");
        Path earlier = Files.writeString(dir.resolve("old.log"), "earlier run\n");
        Files.setPosixFilePermissions(earlier, PosixFilePermissions.fromString("rw-r--r--"));

        LogFiles.prepare(fresh, 1 << 20, "Starting echo");
        LogFiles.prepare(earlier, 1 << 20, "Starting old");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(earlier)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(fresh)).contains("--- Starting echo at ");
        assertThat(Files.readString(earlier)).startsWith("earlier run\n").contains("--- Starting old at ");
    }
}
