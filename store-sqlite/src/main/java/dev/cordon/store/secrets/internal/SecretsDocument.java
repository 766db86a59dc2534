package dev.cordon.store.secrets.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.cordon.api.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secrets as the original lays them out: {@code {"<scope>": {"<plugin>": {"<KEY>": "value"}}}}, with
 * every secret under the scope {@value #DEFAULT_SCOPE}. Other scopes found in a file are kept untouched.
 * Parse errors name the file and the JSON path, never a value.
 */
public final class SecretsDocument {

    /** The scope the original's local store writes to. */
    public static final String DEFAULT_SCOPE = "__default__";

    private final Map<String, Map<String, Map<String, String>>> scopes;

    private SecretsDocument(Map<String, Map<String, Map<String, String>>> scopes) {
        this.scopes = scopes;
    }

    /** An empty document. */
    public static SecretsDocument empty() {
        return new SecretsDocument(new TreeMap<>());
    }

    /** Parses {@code json} read from {@code file}. */
    public static SecretsDocument parse(byte[] json, Path file) {
        JsonElement root;
        try {
            root = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            // The parser's message may quote the file's content, so it is not passed on.
            throw new StoreException(
                    file,
                    "The secrets file " + file + " is not valid JSON. Fix it by hand, or move it"
                            + " aside and set the secrets again.");
        }
        Map<String, Map<String, Map<String, String>>> scopes = new TreeMap<>();
        for (Map.Entry<String, JsonElement> scope : object(root, "$", file).entrySet()) {
            Map<String, Map<String, String>> plugins = new TreeMap<>();
            String scopePath = "$." + scope.getKey();
            for (Map.Entry<String, JsonElement> plugin :
                    object(scope.getValue(), scopePath, file).entrySet()) {
                Map<String, String> secrets = new TreeMap<>();
                String pluginPath = scopePath + "." + plugin.getKey();
                for (Map.Entry<String, JsonElement> secret :
                        object(plugin.getValue(), pluginPath, file).entrySet()) {
                    JsonElement value = secret.getValue();
                    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                        throw new StoreException(
                                file,
                                "The secrets file " + file + " holds a non-string value at " + pluginPath + "."
                                        + secret.getKey() + "; every secret must be a JSON string.");
                    }
                    secrets.put(secret.getKey(), value.getAsString());
                }
                plugins.put(plugin.getKey(), secrets);
            }
            scopes.put(scope.getKey(), plugins);
        }
        return new SecretsDocument(scopes);
    }

    private static JsonObject object(JsonElement element, String path, Path file) {
        if (!element.isJsonObject()) {
            throw new StoreException(
                    file,
                    "The secrets file " + file + " must hold a JSON object at " + path
                            + " (layout {\"__default__\": {\"<plugin>\": {\"<KEY>\": \"value\"}}}).");
        }
        return element.getAsJsonObject();
    }

    /** The document as pretty-printed UTF-8 JSON. */
    public byte[] toJson() {
        return new GsonBuilder()
                .setPrettyPrinting()
                .disableHtmlEscaping()
                .create()
                .toJson(scopes)
                .getBytes(StandardCharsets.UTF_8);
    }

    public Optional<String> get(String plugin, String key) {
        return Optional.ofNullable(scopes.getOrDefault(DEFAULT_SCOPE, Map.of())
                .getOrDefault(plugin, Map.of())
                .get(key));
    }

    public void set(String plugin, String key, String value) {
        scopes.computeIfAbsent(DEFAULT_SCOPE, s -> new TreeMap<>())
                .computeIfAbsent(plugin, p -> new TreeMap<>())
                .put(key, value);
    }

    /** Removes the secret, pruning a plugin or scope left empty (as the original does). */
    public boolean delete(String plugin, String key) {
        Map<String, Map<String, String>> plugins = scopes.get(DEFAULT_SCOPE);
        Map<String, String> secrets = plugins == null ? null : plugins.get(plugin);
        if (secrets == null || secrets.remove(key) == null) {
            return false;
        }
        if (secrets.isEmpty()) {
            plugins.remove(plugin);
        }
        if (plugins.isEmpty()) {
            scopes.remove(DEFAULT_SCOPE);
        }
        return true;
    }

    public List<String> names(String plugin) {
        return List.copyOf(scopes.getOrDefault(DEFAULT_SCOPE, Map.of())
                .getOrDefault(plugin, Map.of())
                .keySet());
    }

    /** The plugins with at least one secret in the default scope, sorted. */
    public List<String> plugins() {
        return scopes.getOrDefault(DEFAULT_SCOPE, Map.of()).entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public String toString() {
        return "SecretsDocument[" + scopes.size() + " scopes, values redacted]";
    }
}
