package dev.cordon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.host.CallContext;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CallHeaderTest {

    @Test
    void headersReadFromTheirNamesGiveTheStampInFieldOrder() {
        Map<String, String> headers =
                Map.of("X-Cordon-Actor", "Jane Doe", "X-Cordon-Job-Id", "j-1", "X-Cordon-Run-Id", "r]7");
        assertThat(CallHeader.stampOf(headers::get)).isEqualTo("[job=j-1 run=r%5D7 actor=Jane%20Doe] ");
        assertThat(CallHeader.stampOf(Map.of("X-Cordon-Run-Id", "r")::get)).isEqualTo("[run=r] ");
        assertThat(CallHeader.stampOf(name -> null)).isEmpty();
    }

    @Test
    void malformedValuesAreRefusedNamingTheHeader() {
        assertThatThrownBy(() -> CallHeader.stampOf(Map.of("X-Cordon-Job-Id", "é")::get))
                .isInstanceOfSatisfying(
                        CallHeaderException.class, e -> assertThat(e.header()).isEqualTo(CallHeader.JOB_ID))
                .hasMessage("X-Cordon-Job-Id must be printable ASCII; character 1 is U+00E9");
        assertThatThrownBy(() -> CallHeader.stampOf(Map.of("X-Cordon-Actor", "x".repeat(201))::get))
                .hasMessage("X-Cordon-Actor must be 1 to 200 characters long, got 201");
        assertThatThrownBy(() -> CallHeader.stampOf(Map.of("X-Cordon-Run-Id", "")::get))
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> CallHeader.stampOf(Map.of("X-Cordon-Run-Id", "  ")::get))
                .hasMessage("X-Cordon-Run-Id must not be blank");
        assertThatThrownBy(() -> CallHeader.stampOf(Map.of("X-Cordon-Job-Id", "a\tb")::get))
                .hasMessageContaining("character 2 is U+0009");
        assertThat(CallHeader.JOB_ID.problem("x".repeat(200))).isNull();
    }

    @Test
    void eachHeaderReadsItsPartOfACallContext() {
        CallContext context = new CallContext(Optional.of("j"), Optional.empty(), Optional.of("a"));
        assertThat(CallHeader.JOB_ID.in(context)).hasValue("j");
        assertThat(CallHeader.RUN_ID.in(context)).isEmpty();
        assertThat(CallHeader.ACTOR.in(context)).hasValue("a");
    }

    @Test
    void aJobsLinesAreFoundExactly() {
        String stamped = "2026-12-01T10:00:00.000Z [INFO] " + LogStamp.of("job 1", "r", null) + "hello";
        assertThat(LogStamp.carriesJob(stamped, "job 1")).isTrue();
        assertThat(LogStamp.carriesJob(stamped, "job")).isFalse();
        assertThat(LogStamp.carriesJob("2026-12-01T10:00:00.000Z [INFO] [job=j1] x", "j1"))
                .isTrue();
        assertThat(LogStamp.carriesJob("2026-12-01T10:00:00.000Z [INFO] [job=j12] x", "j1"))
                .isFalse();
        assertThat(LogStamp.carriesJob("2026-12-01T10:00:00.000Z [INFO] says [job=j1] x", "j1"))
                .as("a mention outside the stamp")
                .isFalse();
        assertThat(LogStamp.carriesJob("[job=j1] printed", "j1")).isFalse();
        assertThat(LogStamp.carriesJob("2026-12-01T10:00:00.000Z [INFO] [job=j1", "j1"))
                .isFalse();
    }

    @Property
    void everyValidJobIdIsFoundInItsOwnLineAndNoOther(
            @ForAll("ids") String id, @ForAll("ids") String other, @ForAll("ids") String run) {
        String line = "2026-12-01T10:00:00.000Z [WARN] " + LogStamp.of(id, run, other) + "message ] [job=" + other;
        assertThat(LogStamp.carriesJob(line, id)).isTrue();
        assertThat(LogStamp.carriesJob(line, other)).isEqualTo(other.equals(id));
        assertThat(CallHeader.JOB_ID.problem(id)).isNull();
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings()
                .withCharRange((char) 0x20, (char) 0x7e)
                .ofMinLength(1)
                .ofMaxLength(40)
                .filter(s -> !s.isBlank());
    }
}
