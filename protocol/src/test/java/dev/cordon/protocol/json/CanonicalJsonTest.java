package dev.cordon.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.protocol.internal.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CanonicalJsonTest {

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> everyHashVectorMatchesCanonicalTextAndHash() {
        List<Object> vectors = (List<Object>) JsonValues.parse(Conformance.read("hash-vectors.json"));
        assertThat(vectors).hasSize(14);
        return vectors.stream()
                .map(v -> (Map<String, Object>) v)
                .map(v -> DynamicTest.dynamicTest((String) v.get("input_json"), () -> {
                    String input = (String) v.get("input_json");
                    assertThat(CanonicalJson.canonical(input)).isEqualTo(v.get("canonical"));
                    assertThat(CanonicalJson.hash(input)).isEqualTo(v.get("hash"));
                }));
    }

    @Test
    void falsyTopLevelValuesHashLikeAnEmptyObject() {
        for (String falsy : List.of("null", "false", "0", "0.0", "\"\"", "[]", "{}")) {
            assertThat(CanonicalJson.canonical(falsy)).as(falsy).isEqualTo("{}");
        }
        assertThat(CanonicalJson.canonical("[0]")).isEqualTo("[0]");
    }

    @Test
    void keysSortByCodePointNotByUtf16Unit() {
        // U+FF5A sorts before U+1F642 by code point, after its surrogate D83D by UTF-16 unit.
        assertThat(CanonicalJson.canonical("{\"\uD83D\uDE42\":1,\"\uFF5A\":2}"))
                .isEqualTo("{\"\\uff5a\":2,\"\\ud83d\\ude42\":1}");
    }

    @Test
    void exponentFormsOfIntegralValuesStayFloats() {
        assertThat(CanonicalJson.canonical("{\"a\":1E2,\"b\":-0}")).isEqualTo("{\"a\":100.0,\"b\":0}");
    }

    @Test
    void aNumberOnlyInfinityCouldHoldIsRefusedRatherThanHashedAsPythonWould() {
        // Python hashes {"c":1e400} as {"c":Infinity}, text no JSON reader accepts; Cordon refuses such a config.
        assertThatThrownBy(() -> CanonicalJson.canonical("{\"c\":1e400}"))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("$.c");
    }

    @Test
    void malformedJsonIsATypedErrorNamingThePath() {
        assertThatThrownBy(() -> CanonicalJson.hash("{\"a\": [1, 2,"))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("$.a[");
        assertThatThrownBy(() -> CanonicalJson.hash("{\"a\": 1} x")).isInstanceOf(JsonInputException.class);
        assertThatThrownBy(() -> CanonicalJson.hash("{'a': 1}")).isInstanceOf(JsonInputException.class);
        assertThatThrownBy(() -> CanonicalJson.hash("[NaN]")).isInstanceOf(JsonInputException.class);
    }

    @Test
    void deepNestingIsRefusedWithAPath() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> CanonicalJson.hash(deep))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("nesting deeper than 128");
    }
}
