package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.util.List;
import java.util.Map;

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
        Object value;
        try {
            value = PlainJson.parse(json);
        } catch (JsonInputException e) {
            throw new PluginInputError("The " + what + " must be one JSON object in single quotes, e.g. '{\"text\":"
                    + "\"hi\"}': " + e.getMessage(), List.of(what), null);
        }
        if (!(value instanceof Map)) {
            throw new PluginInputError("The " + what + " must be a JSON object, e.g. '{\"text\":\"hi\"}', not "
                    + json, List.of(what), null);
        }
        return (Map<String, Object>) value;
    }
}
