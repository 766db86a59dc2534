package dev.cordon.runtime.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecretInputTest {

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theValueIsTheFirstLineOfStandardInput() {
        assertThat(SecretInput.fromStream("K", text("s3cr3t-välue\nnext line\n"), Duration.ofSeconds(5)))
                .isEqualTo("s3cr3t-välue");
        assertThat(SecretInput.fromStream("K", text("no-newline"), Duration.ofSeconds(5)))
                .isEqualTo("no-newline");
        assertThat(SecretInput.fromStream("K", text("crlf\r\n"), Duration.ofSeconds(5)))
                .isEqualTo("crlf");
    }

    @Test
    void nothingOnStandardInputIsAnErrorThatSaysHowToGiveTheValue() {
        assertThatThrownBy(() -> SecretInput.fromStream("API_KEY", text(""), Duration.ofSeconds(5)))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("No value arrived for secret API_KEY")
                .hasMessageContaining("--set API_KEY");
    }

    @Test
    void aStandardInputThatNeverDeliversRunsIntoTheWait() throws Exception {
        try (PipedOutputStream writer = new PipedOutputStream();
                PipedInputStream open = new PipedInputStream(writer)) {
            assertThatThrownBy(() -> SecretInput.fromStream("K", open, Duration.ofMillis(200)))
                    .isInstanceOf(PluginInputError.class)
                    .hasMessageContaining("within 0 s");
        }
    }

    @Test
    void anOverlongValueIsRefused() {
        String huge = "x".repeat(SecretInput.MAX_BYTES + 1);
        assertThatThrownBy(() -> SecretInput.fromStream("K", text(huge), Duration.ofSeconds(5)))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("at most");
    }
}
