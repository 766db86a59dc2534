package dev.cordon.manifest;

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
}
