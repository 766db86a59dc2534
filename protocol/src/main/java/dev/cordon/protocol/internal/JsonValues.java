package dev.cordon.protocol.internal;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.cordon.protocol.json.JsonInputException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into plain Java values (see the package documentation of {@code dev.cordon.manifest}) with a
 * strict reader, a nesting limit and a size limit, keeping the integer/float distinction of the source text. Small
 * plain documents are read by {@link QuickJson}; whatever it leaves, and every error, by Gson's strict reader.
 * A repeated object key keeps its first position and its last value, as Python's {@code json} does. Unlike
 * Python, escapes of lone
 * surrogates ({@code "\ud800"}) and the literals {@code NaN}/{@code Infinity} are refused: neither has a place in
 * a UTF-8 JSON file.
 */
public final class JsonValues {

    /** The deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 128;
    /** The longest text accepted, in chars (16 Mi). */
    public static final int MAX_CHARS = 16 * 1024 * 1024;

    private JsonValues() {}

    /**
     * Parses one JSON document.
     *
     * @throws JsonInputException naming the path where reading stopped
     */
    public static Object parse(String text) {
        return parse(text, MAX_DEPTH);
    }

    /**
     * Parses one JSON document whose arrays and objects nest at most {@code maxDepth} levels.
     *
     * @throws JsonInputException naming the path where reading stopped
     */
    public static Object parse(String text, int maxDepth) {
        if (text == null) {
            throw new JsonInputException("$", "no text (null)");
        }
        if (text.length() > MAX_CHARS) {
            throw new JsonInputException(
                    "$",
                    "text of " + text.length() + " chars exceeds the limit of " + MAX_CHARS,
                    JsonInputException.Reason.TOO_LARGE);
        }
        Object quick = QuickJson.parse(text, maxDepth);
        return quick != QuickJson.GAVE_UP ? quick : thorough(text, maxDepth);
    }

    /** {@link #parse(String, int)} by Gson's strict reader alone, for a text within the size limit. */
    static Object thorough(String text, int maxDepth) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        // The depth check below names the limit and the path; Gson's own (255 by default) must not come first.
        reader.setNestingLimit(maxDepth == Integer.MAX_VALUE ? maxDepth : maxDepth + 1);
        try {
            Object value = read(reader, 0, maxDepth);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonInputException(reader.getPath(), "unexpected text after the JSON value");
            }
            return value;
        } catch (JsonInputException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // Gson appends its own troubleshooting link; the path is what the reader needs.
            int see = message.indexOf("\nSee ");
            throw new JsonInputException(reader.getPath(), see > 0 ? message.substring(0, see) : message);
        }
    }

    private static Object read(JsonReader reader, int depth, int maxDepth) throws IOException {
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT -> {
                checkDepth(reader, depth, maxDepth);
                Map<String, Object> map = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    // A repeated key keeps its first position and takes its last value, as in Python's dict.
                    map.put(reader.nextName(), read(reader, depth + 1, maxDepth));
                }
                reader.endObject();
                return map;
            }
            case BEGIN_ARRAY -> {
                checkDepth(reader, depth, maxDepth);
                List<Object> list = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    list.add(read(reader, depth + 1, maxDepth));
                }
                reader.endArray();
                return list;
            }
            case STRING -> {
                return reader.nextString();
            }
            case NUMBER -> {
                String text = reader.nextString();
                Object number = number(text);
                if (number instanceof Double d && d.isInfinite()) {
                    throw new JsonInputException(
                            reader.getPath(),
                            "the number " + text + " is beyond the range of a " + "double; JSON numbers must be finite",
                            JsonInputException.Reason.NON_FINITE);
                }
                return number;
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                reader.nextNull();
                return null;
            }
            default -> throw new JsonInputException(reader.getPath(), "unexpected " + token);
        }
    }

    private static void checkDepth(JsonReader reader, int depth, int maxDepth) {
        if (depth >= maxDepth) {
            throw new JsonInputException(
                    reader.getPath(),
                    "nesting deeper than " + maxDepth + " levels",
                    JsonInputException.Reason.TOO_DEEP);
        }
    }

    /** A number token's value: an integer type when the text has no fraction or exponent, else a double. */
    public static Object number(String text) {
        if (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            return Double.parseDouble(text);
        }
        if (text.length() <= 18) {
            // At most 18 digits (17 and a sign) always fits a long: no need for the general path.
            return Long.parseLong(text);
        }
        BigInteger value = new BigInteger(text);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
}
