package dev.cordon.runtime.internal.jobs.compose;

import dev.cordon.api.error.CompositionReferenceError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Output references in a node's keyword arguments: a JSON object {@code {"$ref": "<node id>"}} or
 * {@code {"$ref": "<node id>", "path": "<JSON pointer>"}} at any depth, replaced by that part of the node's result.
 * The pointer follows RFC 6901: empty for the whole result, else {@code /}-separated tokens with {@code ~1} for
 * {@code /} and {@code ~0} for {@code ~}; a token selects an object member or, as a decimal index, a list element.
 */
final class References {

    static final String REF = "$ref";
    static final String PATH = "path";

    private References() {}

    /**
     * One reference found in a node's arguments.
     *
     * @param where its place in the node, for example {@code kwargs.text}
     * @param target the referenced node, empty when malformed
     * @param pointer the JSON pointer into its result
     * @param problem what is malformed about it, empty when well-formed
     */
    record Ref(String where, Optional<String> target, String pointer, Optional<String> problem) {}

    /** Every reference in {@code value}, whose place is {@code where}, in document order. */
    static List<Ref> find(Object value, String where) {
        List<Ref> out = new ArrayList<>();
        collect(value, where, out);
        return out;
    }

    private static void collect(Object value, String where, List<Ref> out) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(REF)) {
                out.add(parse(map, where));
                return;
            }
            map.forEach((k, v) -> collect(v, where + "." + k, out));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), where + "[" + i + "]", out);
            }
        }
    }

    private static Ref parse(Map<?, ?> map, String where) {
        Object target = map.get(REF);
        Object path = map.containsKey(PATH) ? map.get(PATH) : "";
        if (!(target instanceof String t) || t.isBlank()) {
            return new Ref(where, Optional.empty(), "", Optional.of("\"$ref\" must be a node id (a string)"));
        }
        for (Object key : map.keySet()) {
            if (!REF.equals(key) && !PATH.equals(key)) {
                return new Ref(
                        where,
                        Optional.of(t),
                        "",
                        Optional.of("an output reference has only \"$ref\" and \"path\", not \"" + key + "\""));
            }
        }
        if (!(path instanceof String p) || (!p.isEmpty() && !p.startsWith("/"))) {
            return new Ref(
                    where,
                    Optional.of(t),
                    "",
                    Optional.of("\"path\" must be a JSON pointer: empty or starting with '/', e.g. \"/kwargs/text\""));
        }
        return new Ref(where, Optional.of(t), p, Optional.empty());
    }

    /**
     * {@code value} with every reference replaced by the part of the referenced node's result it points at.
     *
     * @param resultOf the result of a completed node, by id
     * @throws CompositionReferenceError naming the node and the reference's place when a pointer selects nothing
     */
    static Object resolve(Object value, String nodeId, String where, Function<String, Object> resultOf) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(REF)) {
                Ref ref = parse(map, where);
                String target = ref.target().orElseThrow();
                return select(resultOf.apply(target), ref.pointer(), nodeId, where, target);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, nodeId, where + "." + k, resultOf)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(resolve(list.get(i), nodeId, where + "[" + i + "]", resultOf));
            }
            return out;
        }
        return value;
    }

    /** The value at {@code pointer} in {@code result}. */
    static Object select(Object result, String pointer, String nodeId, String where, String target) {
        if (pointer.isEmpty()) {
            return result;
        }
        Object at = result;
        StringBuilder walked = new StringBuilder();
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            walked.append('/').append(raw);
            if (at instanceof Map<?, ?> map && map.containsKey(token)) {
                at = map.get(token);
            } else if (at instanceof List<?> list && isIndex(token) && Integer.parseInt(token) < list.size()) {
                at = list.get(Integer.parseInt(token));
            } else {
                throw new CompositionReferenceError(
                        nodeId,
                        where,
                        "the result of node '" + target + "' has nothing at " + walked + " (path \"" + pointer
                                + "\"; there it is " + describe(at) + "); fix the path or the node it points at");
            }
        }
        return at;
    }

    private static boolean isIndex(String token) {
        return !token.isEmpty() && token.length() < 10 && token.chars().allMatch(Character::isDigit);
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?> map) {
            return "an object with keys " + map.keySet();
        }
        if (value instanceof List<?> list) {
            return "a list of " + list.size();
        }
        return value == null ? "null" : "the value " + value;
    }
}
