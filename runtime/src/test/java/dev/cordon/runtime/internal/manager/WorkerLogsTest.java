package dev.cordon.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.protocol.LogStamp;
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
        assertThatThrownBy(() -> logs().jobLines("nosuch", "j", 5)).isInstanceOf(PluginNotLoadedError.class);
    }

    @Test
    void aJobsLinesAreTheLastOnesStampedWithItAcrossManyBlocks() throws IOException {
        // 20,000 lines of three jobs, a plain line now and then, and lines that only mention a job.
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            String job = i % 3 == 0 ? "job 1" : i % 3 == 1 ? "job 10" : "other";
            String stamp = i % 7 == 0 ? "" : LogStamp.of(job, i % 2 == 0 ? "run-1" : null, null);
            text.append("2026-12-01T10:00:00.000Z [INFO] ")
                    .append(stamp)
                    .append("line ")
                    .append(i);
            text.append(i % 11 == 0 ? " about [job=job%201]" : "").append('\n');
        }
        Files.writeString(dir.resolve("a.log"), text);
        List<Integer> expected = IntStream.rangeClosed(1, 20_000)
                .filter(i -> i % 3 == 0 && i % 7 != 0)
                .boxed()
                .toList();

        List<String> last = logs().jobLines("a", "job 1", 100);
        assertThat(last).hasSize(100);
        assertThat(last)
                .extracting(WorkerLogsTest::lineNumber)
                .containsExactlyElementsOf(expected.subList(expected.size() - 100, expected.size()));
        assertThat(logs().jobLines("a", "job 1", WorkerLogs.MAX_LINES))
                .extracting(WorkerLogsTest::lineNumber)
                .containsExactlyElementsOf(expected);
        assertThat(logs().jobLines("a", "job 10", 1)).singleElement().asString().endsWith("line 19996");
        assertThat(logs().jobLines("a", "job", 5)).isEmpty();
        assertThat(logs().jobLines("a", "job 1", 0)).isEmpty();
    }

    @Test
    void theFirstLineALastLineWithoutBreakAndAnOverlongLineAreHandled() throws IOException {
        String stamped = "2026-12-01T10:00:00.000Z [WARN] [job=j] ";
        String huge = stamped + "x".repeat(WorkerLogs.MAX_LINE_BYTES + 10);
        Files.writeString(dir.resolve("a.log"), stamped + "first\n" + huge + "\n" + stamped + "last");
        assertThat(logs().jobLines("a", "j", 10)).containsExactly(stamped + "first", stamped + "last");
    }

    @Test
    void aBadCountOrJobIsRefused() throws IOException {
        Files.writeString(dir.resolve("a.log"), "one\n");
        assertThatThrownBy(() -> logs().jobLines("a", "j", WorkerLogs.MAX_LINES + 1))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("between 0 and " + WorkerLogs.MAX_LINES);
        assertThatThrownBy(() -> logs().jobLines("a", " ", 1))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("job id");
    }

    private static int lineNumber(String line) {
        String rest = line.substring(line.indexOf("line ") + 5);
        int space = rest.indexOf(' ');
        return Integer.parseInt(space < 0 ? rest : rest.substring(0, space));
    }
}
