package dev.cordon.protocol.json;

import dev.cordon.protocol.internal.JsonText;
import dev.cordon.protocol.internal.JsonValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canonical JSON and its hash, byte-identical to cjm-plugin-system's {@code compute_config_schema_hash} and
 * {@code compute_config_hash}: {@code "sha256:" + hex(sha256(utf8(json.dumps(x or {}, sort_keys=True,
 * separators=(",", ":")))))}.
 *
 * <p>That is: keys sorted by Unicode code point at every level; no whitespace; every character outside printable
 * ASCII written as a lowercase {@code \}{@code uXXXX} escape (UTF-16 units, so surrogate pairs); integers as written
 * in the source; other numbers as Python's {@code repr(float)} ({@code 0.0}, {@code 1e-07}, {@code 1e+16}); and a
 * value that is falsy in Python ({@code null}, {@code false}, {@code 0}, {@code 0.0}, {@code ""}, {@code []},
 * {@code {}}) replaced by {@code {}}. Stateless and thread-safe.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    /**
     * The canonical text of a JSON document.
     *
     * @throws JsonInputException if {@code json} is not valid JSON (the message names the path)
     */
    public static String canonical(String json) {
        return canonicalOf(JsonValues.parse(json));
    }

    /**
     * {@code sha256:<64 lowercase hex>} of the canonical text of a JSON document.
     *
     * @throws JsonInputException if {@code json} is not valid JSON
     */
    public static String hash(String json) {
        return sha256(canonical(json));
    }

    /** The canonical text of a plain JSON value (see the package documentation). */
    public static String canonicalOf(Object value) {
        return JsonText.compact(falsy(value) ? new LinkedHashMap<>() : value, true);
    }

    /** {@code sha256:<hex>} of the canonical text of a plain JSON value. */
    public static String hashOf(Object value) {
        return sha256(canonicalOf(value));
    }

    private static boolean falsy(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == 0;
        }
        if (value instanceof String s) {
            return s.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        return value instanceof Collection<?> c && c.isEmpty();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
