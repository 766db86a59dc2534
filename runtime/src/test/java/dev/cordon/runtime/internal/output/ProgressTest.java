package dev.cordon.runtime.internal.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void plainOutputIsWholeLinesAtEachTenthWithoutControlCharacters() {
        Progress progress = Progress.of(out, Destination.PLAIN, "  ", 40);
        for (int i = 1; i <= 40; i++) {
            progress.update(i);
        }
        progress.finish();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(text.lines()).hasSize(11).first().isEqualTo("  1/40");
        assertThat(text.lines()).last().isEqualTo("  40/40");
    }

    @Test
    void plainOutputStaysShortForAHugeCount() {
        Progress progress = Progress.of(out, Destination.PLAIN, "", 1_000_000);
        for (int i = 1; i <= 1_000_000; i++) {
            progress.update(i);
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(11);
    }

    @Test
    void terminalOutputRedrawsOneBarAndEndsTheLine() {
        Progress progress = Progress.of(out, Destination.TERMINAL, "", 4);
        for (int i = 1; i <= 4; i++) {
            progress.update(i);
        }
        progress.finish();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r[").endsWith("] 4/4" + System.lineSeparator());
        assertThat(text.chars().filter(c -> c == '\r')).hasSize(4);
    }

    @Test
    void barIsFullAtTheEnd() {
        assertThat(Progress.bar(6, 6)).isEqualTo("[" + "#".repeat(30) + "] 6/6");
        assertThat(Progress.bar(0, 6)).isEqualTo("[" + "-".repeat(30) + "] 0/6");
    }

    @Test
    void aReportWithoutStepsIsRefused() {
        assertThatThrownBy(() -> Progress.of(out, Destination.PLAIN, "", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one step");
    }
}
