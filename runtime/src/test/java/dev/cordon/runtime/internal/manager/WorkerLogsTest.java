package dev.cordon.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerLogsTest {

    @TempDir
    Path dir;

    private WorkerLogs logs() {
        return new WorkerLogs(id -> dir.resolve(id + ".log"));
    }

    @Test
    void theTailIsTheLastLinesAcrossManyReadBlocks() throws IOException {
        // Lines long enough that the tail spans several 8 KiB blocks read backwards.
        String text = IntStream.rangeClosed(1, 5000)
                .mapToObj(i -> "line " + i + " " + "x".repeat(i % 50))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(dir.resolve("a.log"), text);

        List<String> tail = logs().tail("a", 1200);

        assertThat(tail).hasSize(1200);
        assertThat(tail.get(0)).startsWith("line 3801 ");
        assertThat(tail.get(1199)).startsWith("line 5000 ");
    }

    @Test
    void aLastLineWithoutBreakAndShortFilesAreWhole() throws IOException {
        Files.writeString(dir.resolve("a.log"), "one\r\ntwo\nthree");
        assertThat(logs().tail("a", 2)).containsExactly("two", "three");
        assertThat(logs().tail("a", 10)).containsExactly("one", "two", "three");
        assertThat(logs().tail("a", 0)).isEmpty();
        Files.writeString(dir.resolve("b.log"), "");
        assertThat(logs().tail("b", 5)).isEmpty();
        Files.writeString(dir.resolve("c.log"), "\n\n");
        assertThat(logs().tail("c", 5)).containsExactly("", "");
    }

    @Test
    void anAbsurdLineCountIsRefusedWithTheBound() throws IOException {
        Files.writeString(dir.resolve("a.log"), "one\n");
        assertThatThrownBy(() -> logs().tail("a", 2_000_000_000))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("between 0 and " + WorkerLogs.MAX_LINES);
        assertThatThrownBy(() -> logs().tail("a", -1)).isInstanceOf(PluginInputError.class);
    }

    @Test
    void anInstanceWithoutALogIsNotLoaded() {
        assertThatThrownBy(() -> logs().tail("nosuch", 5)).isInstanceOf(PluginNotLoadedError.class);
    }
}
