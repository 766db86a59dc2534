package dev.cordon.protocol;

import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a plugin reported with {@code report_usage} during one call, carried with that call's answer: the
 * {@value #NAME} header of a {@code /execute} answer, or the trailer of a {@code /execute_stream} answer's chunked
 * body. Present only when the plugin reported something. The value is a compact JSON object mapping a unit to a
 * number, in ASCII (other characters escaped, as an HTTP header value must be).
 */
public final class UsageHeader {

    /** The header (or trailer) name. */
    public static final String NAME = "Cordon-Usage";

    private UsageHeader() {}

    /** The header value for {@code usage}. */
    public static String encode(Map<String, Double> usage) {
        return PlainJson.compact(usage);
    }

    /**
     * The numeric entries of a header value; an empty map for {@code null}, text that is not a JSON object, or an
     * object without numbers.
     */
    public static Map<String, Double> decode(String value) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        try {
            return numbers(PlainJson.parse(value));
        } catch (JsonInputException e) {
            return Map.of();
        }
    }

    /** The numeric entries of a reported usage object; anything else is not usage. */
    public static Map<String, Double> numbers(Object reported) {
        if (!(reported instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((unit, amount) -> {
            if (unit instanceof String u && amount instanceof Number n) {
                out.put(u, n.doubleValue());
            }
        });
        return out;
    }
}
