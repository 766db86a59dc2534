package dev.cordon.runtime.internal.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retention settings as a user writes them. */
class RetentionPolicyTest {

    @Test
    void durationsAndSizesReadAsWritten() {
        assertThat(RetentionPolicy.duration("7d", "k")).isEqualTo(Duration.ofDays(7));
        assertThat(RetentionPolicy.duration("12h", "k")).isEqualTo(Duration.ofHours(12));
        assertThat(RetentionPolicy.duration("PT30M", "k")).isEqualTo(Duration.ofMinutes(30));
        assertThat(RetentionPolicy.duration("0", "k")).isZero();
        assertThat(RetentionPolicy.bytes("64MB", "k")).isEqualTo(64L << 20);
        assertThat(RetentionPolicy.bytes("10 kb", "k")).isEqualTo(10L << 10);
        assertThat(RetentionPolicy.bytes("250", "k")).isEqualTo(250);
    }

    @Test
    void aMalformedValueNamesItsKeyAndTheAcceptedForms() {
        assertThatThrownBy(() -> RetentionPolicy.duration("a week", "retention.max.age"))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("retention.max.age")
                .hasMessageContaining("7d");
        assertThatThrownBy(() -> RetentionPolicy.bytes("-5", "retention.max.bytes.per.plugin"))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("64MB");
    }
}
