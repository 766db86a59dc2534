package dev.cordon.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.protocol.json.JsonInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The quick parser reads what it accepts exactly as Gson's strict reader does, and leaves everything else to it: a
 * text either parses to equal values both ways or the quick parser gives up.
 */
class QuickJsonTest {

    @Property(tries = 400, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void everyDocumentItReadsReadsAsGsonReadsIt(@ForAll("documents") String text) {
        Object quick = QuickJson.parse(text, JsonValues.MAX_DEPTH);
        Object thorough;
        try {
            thorough = JsonValues.thorough(text, JsonValues.MAX_DEPTH);
        } catch (JsonInputException e) {
            assertThat(quick).as(text).isSameAs(QuickJson.GAVE_UP);
            return;
        }
        if (quick != QuickJson.GAVE_UP) {
            assertThat(quick).as(text).isEqualTo(thorough);
        }
    }

    @Property(tries = 200, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void writtenValuesAreReadBackQuickly(@ForAll("values") Object value) {
        String compact = JsonText.compactUnicode(value, JsonValues.MAX_DEPTH);
        String pretty = JsonText.pretty(value);
        for (String text : List.of(compact, pretty, JsonText.compact(value, false))) {
            Object quick = QuickJson.parse(text, JsonValues.MAX_DEPTH);
            if (quick == QuickJson.GAVE_UP) {
                // Only a \\u escape (the ASCII-only form writes non-ASCII text so) is left to Gson.
                assertThat(text).contains("\\u");
            } else {
                assertThat(quick).as(text).isEqualTo(JsonValues.thorough(text, JsonValues.MAX_DEPTH));
            }
        }
        assertThat(QuickJson.parse(compact, JsonValues.MAX_DEPTH)).isNotSameAs(QuickJson.GAVE_UP);
    }

    @Test
    void theCasesItLeavesToGsonStillParseOrFailAsBefore() {
        for (String text : List.of(
                "\"\\u00e9\"",
                "\"\\ud800\"",
                "1e999",
                "[1,]",
                "{\"a\":1,}",
                "01",
                "-",
                "1.",
                "\"a\u0001\"",
                "NaN",
                "tru",
                "[1] x",
                "\ufeff{}",
                "{'a':1}",
                "[[[]]]")) {
            Object quick = QuickJson.parse(text, 2);
            Object thorough;
            try {
                thorough = JsonValues.thorough(text, 2);
            } catch (JsonInputException e) {
                assertThat(quick).as(text).isSameAs(QuickJson.GAVE_UP);
                assertThatThrownBy(() -> JsonValues.parse(text, 2)).isInstanceOf(JsonInputException.class);
                continue;
            }
            assertThat(JsonValues.parse(text, 2)).as(text).isEqualTo(thorough);
        }
        assertThat(QuickJson.parse("{\"a\":1,\"b\":2,\"a\":3}", 5)).isEqualTo(Map.of("a", 3L, "b", 2L));
        assertThat(List.copyOf(((Map<?, ?>) QuickJson.parse("{\"a\":1,\"b\":2,\"a\":3}", 5)).keySet()))
                .isEqualTo(List.of("a", "b"));
        assertThat(QuickJson.parse(" [ -0 , 12345678901234567890 , 1.5E+2 , \"q\\\"\\n\\/\" , true , null ] ", 5))
                .isEqualTo(java.util.Arrays.asList(
                        0L, new BigInteger("12345678901234567890"), 150.0, "q\"\n/", true, null));
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> pieces = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                " ",
                "\n",
                "\"k\"",
                "\"a\\tb\"",
                "\"\\u0041\"",
                "1",
                "-2",
                "0.5",
                "1e3",
                "-0",
                "01",
                "true",
                "false",
                "null",
                "\"\"",
                "\"é\"",
                "x",
                "\\",
                "\"");
        return Arbitraries.oneOf(
                pieces.list().ofMaxSize(12).map(l -> String.join("", l)),
                values().map(v -> JsonText.compact(v, false)),
                values().map(v -> JsonText.compact(v, false).replaceFirst(",", ",,")));
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.lazyOf(
                // Printable text, quotes and backslashes included: what the writer escapes with \\u the parser leaves.
                () -> Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .withChars('é', '€', '\n', '\t')
                        .ofMaxLength(8)
                        .map(s -> (Object) s),
                () -> Arbitraries.longs().map(l -> (Object) l),
                () -> Arbitraries.doubles().between(-1e6, 1e6).map(d -> (Object) d),
                () -> Arbitraries.of(true, false).map(b -> (Object) b),
                () -> values().list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l)),
                () -> Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(4), values())
                        .ofMaxSize(4)
                        .map(m -> (Object) new LinkedHashMap<>(m)));
    }
}
