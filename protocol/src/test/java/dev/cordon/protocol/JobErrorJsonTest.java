package dev.cordon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.protocol.json.JsonInputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobErrorJsonTest {

    /** The original's stream error line, key order and value types included (with a one-line traceback). */
    private static final String ORIGINAL = "{\"category\":\"transient\",\"message\":\"try later\",\"retriable\":true,"
            + "\"original_exc_repr\":\"PluginTransientError('try later')\",\"traceback\":\"Traceback ...\","
            + "\"retry_after_seconds\":2.5,\"fields_invalid\":null,\"resource_shortfall\":null,"
            + "\"plugin_name\":\"echo\",\"plugin_instance_id\":null,\"occurred_at\":\"2026-11-22T04:50:36.992452+00:00\"}";

    @Test
    void theOriginalsJsonReadsAndWritesBackIdentically() {
        JobError error = JobErrorJson.fromJson(ORIGINAL);
        assertThat(error.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(error.retryAfterSeconds()).isEqualTo(2.5);
        assertThat(error.occurredAt()).isEqualTo(Instant.parse("2026-11-22T04:50:36.992452Z"));
        assertThat(JobErrorJson.toJson(error)).isEqualTo(ORIGINAL);
    }

    @Test
    void everyFieldRoundTripsInTheOriginalsKeyOrder() {
        JobError error = new JobError(
                ErrorCategory.RESOURCE,
                "ünïcode",
                true,
                "r",
                "t",
                null,
                List.of("a", "b"),
                new ResourceShortfall(ResourceShortfall.SYSTEM_RAM_MB, 1024, 12.5),
                "p",
                "p-1",
                Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(JobErrorJson.toMap(error).keySet())
                .containsExactly(
                        "category",
                        "message",
                        "retriable",
                        "original_exc_repr",
                        "traceback",
                        "retry_after_seconds",
                        "fields_invalid",
                        "resource_shortfall",
                        "plugin_name",
                        "plugin_instance_id",
                        "occurred_at");
        String json = JobErrorJson.toJson(error);
        assertThat(json)
                .contains("\"occurred_at\":\"2026-01-02T03:04:05+00:00\"")
                .contains(
                        "\"resource_shortfall\":{\"resource\":\"system_ram_mb\",\"needed\":1024.0,\"available\":12.5}");
        assertThat(JobErrorJson.fromJson(json)).isEqualTo(error);
    }

    @Test
    void wrongShapesAreTypedErrorsNamingThePath() {
        assertThatThrownBy(() -> JobErrorJson.fromJson(ORIGINAL.replace("\"transient\"", "\"flaky\"")))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("$.category");
        assertThatThrownBy(() -> JobErrorJson.fromJson(ORIGINAL.replace("true", "\"yes\"")))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("$.retriable");
        assertThatThrownBy(() ->
                        JobErrorJson.fromJson(ORIGINAL.replace("\"fields_invalid\":null", "\"fields_invalid\":[1]")))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("$.fields_invalid[0]");
        assertThatThrownBy(() -> JobErrorJson.fromJson(ORIGINAL.replace("+00:00", "")))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("$.occurred_at");
        assertThatThrownBy(() -> JobErrorJson.fromJson("[]"))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("$");
        assertThatThrownBy(() -> JobErrorJson.fromJson(ORIGINAL.substring(0, 40)))
                .isInstanceOf(JsonInputException.class);
    }
}
