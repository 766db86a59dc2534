package dev.cordon.boot.internal.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkPropertiesTest {

    @TempDir
    Path home;

    @Test
    void defaultsPointAtTheHomeFolders() {
        HostFolders layout = folders(home);

        Map<String, String> p =
                FrameworkProperties.forHome(layout, false, Map.of()).asMap();

        assertThat(p)
                .containsEntry("cordon.home", home.toString())
                .containsEntry("cordon.data", home.resolve("data").toString())
                .containsEntry("felix.fileinstall.dir", home.resolve("deploy").toString())
                .containsEntry(
                        "org.osgi.framework.storage", home.resolve("data/cache").toString())
                .containsEntry("org.osgi.framework.storage.clean", "onFirstInit")
                .containsEntry("felix.cm.dir", home.resolve("data/config").toString())
                .containsEntry("gosh.args", "--nointeractive")
                .containsEntry("felix.service.urlhandlers", "false");
    }

    @Test
    void userFileOverridesDefaultsAndCallerOverridesTheFile() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/cordon.properties"), "felix.fileinstall.poll = 1000\nx = file\n");

        Map<String, String> p = FrameworkProperties.forHome(folders(home), true, Map.of("x", "caller"))
                .asMap();

        assertThat(p)
                .containsEntry("felix.fileinstall.poll", "1000")
                .containsEntry("x", "caller")
                .containsEntry("gosh.args", "");
    }

    @Test
    void aMalformedUserFileIsNamed() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Path file = home.resolve("etc/cordon.properties");
        Files.writeString(file, "bad = \\u00zz\n");

        assertThatThrownBy(() -> FrameworkProperties.forHome(folders(home), false, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void anUnreadableUserFileIsNamed() throws Exception {
        Files.createDirectories(home.resolve("etc/cordon.properties/inside"));

        assertThatThrownBy(() -> FrameworkProperties.forHome(folders(home), false, Map.of()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cordon.properties");
    }

    private static HostFolders folders(Path home) {
        return new HostFolders(
                home, home.resolve("etc"), home.resolve("deploy"), home.resolve("data"), home.resolve("data/cache"));
    }
}
