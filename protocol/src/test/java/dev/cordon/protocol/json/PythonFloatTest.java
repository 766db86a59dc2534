package dev.cordon.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.protocol.internal.JsonValues;
import dev.cordon.protocol.internal.PythonFloat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonFloatTest {

    @SuppressWarnings("unchecked")
    @Test
    void reprMatchesCPythonOnThousandsOfDoubles() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/float-repr/vectors.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Object> vectors = (List<Object>) JsonValues.parse(text);
        assertThat(vectors).hasSizeGreaterThan(4000);
        List<String> mismatches = new ArrayList<>();
        for (Object v : vectors) {
            List<Object> pair = (List<Object>) v;
            double value = Double.longBitsToDouble(Long.parseUnsignedLong((String) pair.get(0), 16));
            String repr = PythonFloat.repr(value);
            if (!repr.equals(pair.get(1))) {
                mismatches.add(pair.get(1) + " vs " + repr);
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
