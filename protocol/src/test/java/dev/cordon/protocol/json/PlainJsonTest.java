package dev.cordon.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {

    @Test
    void compactEscapesNonAsciiAsPythonsDefaultDoes() {
        assertThat(PlainJson.compact(Map.of("s", "é\uD83D\uDE42"))).isEqualTo("{\"s\":\"\\u00e9\\ud83d\\ude42\"}");
    }

    @Test
    void compactUnicodeWritesNonAsciiAsItselfOnOneLine() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("é", "line\nbreak é \uD83D\uDE42\u007f");
        value.put("n", List.of(1L, 2.5, true));
        assertThat(PlainJson.compactUnicode(value))
                .isEqualTo("{\"é\":\"line\\nbreak é \uD83D\uDE42\u007f\",\"n\":[1,2.5,true]}");
    }

    @Test
    void compactUnicodeStillEscapesControlCharactersAndLoneSurrogates() {
        assertThat(PlainJson.compactUnicode(List.of("\u0001\t", "a\uD800b", "\uDC00")))
                .isEqualTo("[\"\\u0001\\t\",\"a\\ud800b\",\"\\udc00\"]");
    }

    @Test
    void aRepeatedKeyKeepsItsFirstPositionAndItsLastValueAsPythonDoes() {
        // python3 -c 'import json; print(list(json.loads("{\"a\":1,\"b\":2,\"a\":3}").items()))'
        // [('a', 3), ('b', 2)]
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) PlainJson.parse("{\"a\":1,\"b\":2,\"a\":3}");
        assertThat(parsed.keySet()).containsExactly("a", "b");
        assertThat(parsed.get("a")).isEqualTo(3L);
    }

    @Test
    void integersKeepTheirTypeAtEveryLength() {
        assertThat(PlainJson.parse("[0,-0,123456789012345678,-12345678901234567,9223372036854775807,"
                        + "-9223372036854775808,9223372036854775808,1.0,1e2]"))
                .isEqualTo(List.of(
                        0L,
                        0L,
                        123456789012345678L,
                        -12345678901234567L,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        new java.math.BigInteger("9223372036854775808"),
                        1.0,
                        100.0));
    }
}
