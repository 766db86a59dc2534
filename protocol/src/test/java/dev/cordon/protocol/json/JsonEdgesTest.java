package dev.cordon.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.json.JsonInputException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The edges of the JSON codec: numbers JSON cannot carry, and nesting limits on reading and writing. */
class JsonEdgesTest {

    @Example
    void aNumberBeyondTheRangeOfADoubleIsRefusedWhereItIsRead() {
        assertThatThrownBy(() -> PlainJson.parse("{\"n\":1e999}"))
                .isInstanceOfSatisfying(JsonInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NON_FINITE);
                    assertThat(e.path()).isEqualTo("$.n");
                })
                .hasMessageContaining("1e999")
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> PlainJson.parse("[1, -1e400]"))
                .isInstanceOfSatisfying(
                        JsonInputException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NON_FINITE));
    }

    @Example
    void aNumberThatUnderflowsToZeroIsStillANumber() {
        assertThat(PlainJson.parse("1e-999")).isEqualTo(0.0);
    }

    @Example
    void nonFiniteNumbersAreNeverWrittenAndTheirPathIsNamed() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ok", 1.5);
        value.put("bad", List.of(1L, Double.POSITIVE_INFINITY));
        assertThatThrownBy(() -> PlainJson.compact(value))
                .isInstanceOfSatisfying(JsonInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NON_FINITE);
                    assertThat(e.path()).isEqualTo("$.bad[1]");
                })
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> PlainJson.compactUnicode(Map.of("x", Float.NaN)))
                .isInstanceOfSatisfying(
                        JsonInputException.class, e -> assertThat(e.path()).isEqualTo("$.x"));
        assertThatThrownBy(() -> PlainJson.pretty(List.of(Double.NEGATIVE_INFINITY)))
                .isInstanceOf(JsonInputException.class);
    }

    @Example
    void aValueWithNoJsonFormIsRefusedWithItsPath() {
        assertThatThrownBy(() -> PlainJson.compact(Map.of("when", new Object())))
                .isInstanceOfSatisfying(JsonInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
                    assertThat(e.path()).isEqualTo("$.when");
                });
    }

    @Property
    void finiteDoublesRoundTrip(@ForAll @DoubleRange(min = -Double.MAX_VALUE, max = Double.MAX_VALUE) double d) {
        assertThat(PlainJson.parse(PlainJson.compact(List.of(d)))).isEqualTo(List.of(d));
    }

    @Property
    void readingAcceptsExactlyTheNestingLimit(@ForAll @IntRange(min = 1, max = 300) int depth) {
        String text = "[".repeat(depth) + "]".repeat(depth);
        if (depth <= PlainJson.MAX_DEPTH) {
            assertThat(PlainJson.parse(text)).isInstanceOf(List.class);
        } else {
            assertThatThrownBy(() -> PlainJson.parse(text))
                    .isInstanceOfSatisfying(
                            JsonInputException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
        }
    }

    @Property
    void writingRefusesWhatReadingWouldRefuse(
            @ForAll @IntRange(min = 1, max = 300) int depth, @ForAll @IntRange(min = 1, max = 300) int limit) {
        Object value = nested(depth);
        if (depth <= limit) {
            String text = PlainJson.compact(value, limit);
            assertThat(PlainJson.parse(text, limit)).isEqualTo(value);
        } else {
            assertThatThrownBy(() -> PlainJson.compact(value, limit))
                    .isInstanceOfSatisfying(
                            JsonInputException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
            String text = PlainJson.compact(value);
            assertThatThrownBy(() -> PlainJson.parse(text, limit))
                    .isInstanceOfSatisfying(
                            JsonInputException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
        }
    }

    @Example
    void aRequestBodyMayNestOneLevelMoreThanItsArguments() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("deep", nested(PlainJson.MAX_DEPTH - 1));
        Map<String, Object> body = Map.of("args", List.of(), "kwargs", kwargs);
        assertThat(PlainJson.parse(PlainJson.compact(kwargs))).isEqualTo(kwargs);
        String text = PlainJson.compact(body, Endpoint.BODY_MAX_DEPTH);
        assertThat(PlainJson.parse(text, Endpoint.BODY_MAX_DEPTH)).isEqualTo(body);
        assertThatThrownBy(() -> PlainJson.parse(text)).isInstanceOf(JsonInputException.class);
    }

    @Example
    void theWorkersAnswerTextKeepsTheReadersLimit() {
        assertThat(PlainJson.compactUnicode(nested(PlainJson.MAX_DEPTH))).startsWith("[[");
        assertThatThrownBy(() -> PlainJson.compactUnicode(nested(PlainJson.MAX_DEPTH + 1)))
                .isInstanceOfSatisfying(
                        JsonInputException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
    }

    /** {@code depth} arrays, one inside the other, the innermost holding {@code 1}. */
    private static Object nested(int depth) {
        Object value = 1L;
        for (int i = 0; i < depth; i++) {
            List<Object> list = new ArrayList<>();
            list.add(value);
            value = list;
        }
        return value;
    }
}
