package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the one-JSON-object arguments of the plugin commands. */
final class CommandArgs {

    private CommandArgs() {}

    /**
     * The keyword arguments in {@code json}, one JSON object; empty text means none.
     *
     * @throws PluginInputError saying what is wrong with the text and how to quote it
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json, String what) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Optional<JsonSyntax.Problem> problem = JsonSyntax.check(json);
        if (problem.isPresent()) {
            throw new PluginInputError(
                    "The " + what + " given is not valid JSON, at " + problem.get()
                            + ". Give one JSON object in single quotes, e.g. '{\"text\":\"hi\"}'",
                    List.of(what),
                    null);
        }
        Object value;
        try {
            value = PlainJson.parse(json);
        } catch (JsonInputException e) {
            // Well-formed but beyond the reader's limits (size, depth): its message names the JSON path.
            throw new PluginInputError("The " + what + " cannot be read: " + e.getMessage(), List.of(what), null);
        }
        if (!(value instanceof Map)) {
            throw new PluginInputError(
                    "The " + what + " must be a JSON object, e.g. '{\"text\":\"hi\"}', not " + json,
                    List.of(what),
                    null);
        }
        return (Map<String, Object>) value;
    }
}
