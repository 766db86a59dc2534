package dev.cordon.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class JobDocumentTest {

    private static final Instant AT = Instant.parse("2026-12-02T11:00:00.123456Z");

    /** A pending job as stored: every optional field absent. */
    static final String PENDING = "{\"id\":\"j1\",\"plugin_instance_id\":\"echo\",\"args\":[1,\"a\"],"
            + "\"kwargs\":{\"text\":\"hi\"},\"status\":\"pending\",\"priority\":3,"
            + "\"submitted_at\":\"2026-12-02T11:00:00.123456Z\",\"started_at\":null,\"completed_at\":null,"
            + "\"progress\":0.0,\"status_message\":\"\",\"result\":null,\"error\":null,\"sequence_id\":null,"
            + "\"sequence_index\":null,\"cancel_requested_at\":null,\"cancel_phase\":null,\"block_reason\":null,"
            + "\"retry_count\":0,\"last_resource_snapshot\":null,\"lane\":\"default\",\"run_id\":null,"
            + "\"actor\":null}";

    /** A failed job as stored: every field present. */
    static final String FAILED = "{\"id\":\"j2\",\"plugin_instance_id\":\"echo-2\",\"args\":[],"
            + "\"kwargs\":{\"n\":{\"deep\":[1.5,null,true]}},\"status\":\"failed\",\"priority\":-1,"
            + "\"submitted_at\":\"2026-12-02T11:00:00.123456Z\",\"started_at\":\"2026-12-02T11:00:00.123456Z\","
            + "\"completed_at\":\"2026-12-02T11:00:00.123456Z\",\"progress\":0.5,\"status_message\":\"half <&>\","
            + "\"result\":{\"partial\":[1,2]},\"error\":{\"category\":\"resource\",\"message\":\"no room \\\"here\\\"\","
            + "\"retriable\":true,\"original_exc_repr\":\"MemoryError()\",\"traceback\":\"line 1\\nline 2\","
            + "\"retry_after_seconds\":2.5,\"fields_invalid\":[\"a\",\"b\"],\"resource_shortfall\":{\"resource\":"
            + "\"gpu_vram_mb\",\"needed\":8000.0,\"available\":4000.0},\"plugin_name\":\"echo\","
            + "\"plugin_instance_id\":\"echo-2\",\"occurred_at\":\"2026-12-02T11:00:00.123456Z\"},"
            + "\"sequence_id\":\"s1\",\"sequence_index\":4,\"cancel_requested_at\":\"2026-12-02T11:00:00.123456Z\","
            + "\"cancel_phase\":\"force\",\"block_reason\":\"waiting\",\"retry_count\":2,"
            + "\"last_resource_snapshot\":{\"rss_mb\":51.5,\"pid\":4711},\"lane\":\"gpu\",\"run_id\":\"r1\","
            + "\"actor\":\"ana\"}";

    static Job pending() {
        return new Job(
                "j1",
                "echo",
                List.of(1L, "a"),
                Map.of("text", "hi"),
                JobStatus.PENDING,
                3,
                AT,
                Optional.empty(),
                Optional.empty(),
                0.0,
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                Optional.empty(),
                Job.DEFAULT_LANE,
                Optional.empty(),
                Optional.empty());
    }

    static Job failed() {
        Map<String, Object> deep = new LinkedHashMap<>();
        java.util.ArrayList<Object> values = new java.util.ArrayList<>();
        values.add(1.5);
        values.add(null);
        values.add(true);
        deep.put("deep", values);
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("rss_mb", 51.5);
        snapshot.put("pid", 4711L);
        return new Job(
                "j2",
                "echo-2",
                List.of(),
                Map.of("n", deep),
                JobStatus.FAILED,
                -1,
                AT,
                Optional.of(AT),
                Optional.of(AT),
                0.5,
                "half <&>",
                Optional.of(Map.of("partial", List.of(1L, 2L))),
                Optional.of(new JobError(
                        ErrorCategory.fromWire("resource"),
                        "no room \"here\"",
                        true,
                        "MemoryError()",
                        "line 1\nline 2",
                        2.5,
                        List.of("a", "b"),
                        new ResourceShortfall("gpu_vram_mb", 8000, 4000),
                        "echo",
                        "echo-2",
                        AT)),
                Optional.of("s1"),
                OptionalInt.of(4),
                Optional.of(AT),
                Optional.of(CancelPhase.FORCE),
                Optional.of("waiting"),
                2,
                Optional.of(snapshot),
                "gpu",
                Optional.of("r1"),
                Optional.of("ana"));
    }

    @Test
    void writesTheStoredFormKeyForKey() {
        assertThat(JobDocument.write(pending())).isEqualTo(PENDING);
        assertThat(JobDocument.write(failed())).isEqualTo(FAILED);
    }

    @Test
    void readsWhatItWrote() {
        assertThat(JobDocument.read(PENDING)).isEqualTo(pending());
        assertThat(JobDocument.read(FAILED)).isEqualTo(failed());
        assertThat(JobDocument.read(JobDocument.write(failed()))).isEqualTo(failed());
    }

    @Test
    void readsNumbersAsThePluginApiHandsThemOut() {
        Job job = JobDocument.read(PENDING.replace("[1,\"a\"]", "[1,2.0,1e3,123456789012345678901234567890]"));
        assertThat(job.args()).containsExactly(1L, 2.0, 1000.0, new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void readsDocumentsWrittenBeforeLanesAndCallContext() {
        String old = PENDING.replace(",\"lane\":\"default\",\"run_id\":null,\"actor\":null", "");
        assertThat(JobDocument.read(old)).isEqualTo(pending());
    }

    @Test
    void ignoresKeysItDoesNotKnowInAnyOrder() {
        String shuffled = "{\"unknown\":{\"x\":[1]},\"status\":\"pending\",\"lane\":\"default\","
                + PENDING.substring(1).replace(",\"status\":\"pending\"", "").replace(",\"lane\":\"default\"", "");
        assertThat(JobDocument.read(shuffled)).isEqualTo(pending());
    }

    @Test
    void refusesWhatIsNotAJobDocument() {
        assertThatThrownBy(() -> JobDocument.read("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a stored job document");
        assertThatThrownBy(() -> JobDocument.read(PENDING.replace("\"id\":\"j1\",", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a stored job document");
        assertThatThrownBy(() -> JobDocument.read(PENDING + "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a stored job document");
    }
}
