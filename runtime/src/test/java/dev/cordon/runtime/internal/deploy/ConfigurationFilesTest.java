package dev.cordon.runtime.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationFilesTest {

    @TempDir
    Path dir;

    @Test
    void aChangedKeyReplacesItsLineAndANewKeyIsAppendedKeepingCommentsAndOtherKeys() throws Exception {
        Path cfg = Files.writeString(
                dir.resolve("dev.cordon.scheduler.cfg"),
                "# chosen by the operator\nscheduler.target = (policy.name=permissive)\nother: kept\n");
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("scheduler.target", "(policy.name=safety)");
        changes.put("added", "C:\\data\tx");

        ConfigurationFiles.write(cfg, changes);

        assertThat(Files.readString(cfg))
                .isEqualTo("# chosen by the operator\nscheduler.target = (policy.name=safety)\nother: kept\n"
                        + "added = C:\\\\data\\tx\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("dev.cordon.scheduler.cfg");
        }
    }

    @Test
    void keysAreReadAsPropertiesFilesWriteThem() {
        assertThat(ConfigurationFiles.keyOf("  a.b = 1")).isEqualTo("a.b");
        assertThat(ConfigurationFiles.keyOf("a.b:1")).isEqualTo("a.b");
        assertThat(ConfigurationFiles.keyOf("a.b 1")).isEqualTo("a.b");
        assertThat(ConfigurationFiles.keyOf("# a = 1")).isNull();
        assertThat(ConfigurationFiles.keyOf("! a = 1")).isNull();
        assertThat(ConfigurationFiles.keyOf("   ")).isNull();
        assertThat(ConfigurationFiles.keyOf("a\\ b = 1")).isNull();
    }

    @Test
    void aFileUriNamesItsPathAndAnythingElseNone() {
        assertThat(ConfigurationFiles.fileOf(dir.resolve("x.cfg").toUri().toString()))
                .contains(dir.resolve("x.cfg"));
        assertThat(ConfigurationFiles.fileOf(null)).isEmpty();
        assertThat(ConfigurationFiles.fileOf("not a uri")).isEmpty();
    }
}
