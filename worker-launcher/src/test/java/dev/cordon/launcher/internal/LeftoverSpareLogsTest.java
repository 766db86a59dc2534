package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverSpareLogsTest {

    @TempDir
    Path logs;

    @Test
    void spareLogsOfAnotherHostAreDeletedAndEverythingElseStays() throws Exception {
        Path old = Files.writeString(logs.resolve(".spare-echo-4242-1.log"), "x");
        Path oldDashed = Files.writeString(logs.resolve(".spare-py-echo-2-4242-12.log"), "x");
        Path mine = Files.writeString(logs.resolve(".spare-echo-77-1.log"), "x");
        Path instance = Files.writeString(logs.resolve("echo.log"), "x");
        Path host = Files.writeString(logs.resolve("cordon.log"), "x");

        assertThat(LeftoverSpareLogs.delete(logs, 77)).containsExactlyInAnyOrder(old, oldDashed);

        assertThat(old).doesNotExist();
        assertThat(oldDashed).doesNotExist();
        assertThat(mine).exists();
        assertThat(instance).exists();
        assertThat(host).exists();
    }

    @Test
    void aMissingFolderIsNothingToDo() {
        assertThat(LeftoverSpareLogs.delete(logs.resolve("absent"), 1)).isEmpty();
    }

    @Test
    void theFolderFollowsTheManagersSetting() {
        assertThat(LeftoverSpareLogs.folder(Map.of("cordon.data", "/d")::get)).isEqualTo(Path.of("/d/logs"));
        assertThat(LeftoverSpareLogs.folder(Map.of("cordon.data", "/d", "cordon.plugins.logs", "/l")::get))
                .isEqualTo(Path.of("/l"));
    }
}
