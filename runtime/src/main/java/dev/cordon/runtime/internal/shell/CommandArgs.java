package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.host.CallContext;
import dev.cordon.protocol.CallHeader;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the one-JSON-object arguments of the plugin commands. */
final class CommandArgs {

    private CommandArgs() {}

    /**
     * The call context of a command's {@code --run} and {@code --actor} options ("" when not given).
     *
     * @throws PluginInputError naming the option whose value is not 1-200 printable ASCII characters
     */
    static CallContext context(String run, String actor) {
        if (run.isEmpty() && actor.isEmpty()) {
            return CallContext.NONE;
        }
        for (String[] option : new String[][] {{"--run", run}, {"--actor", actor}}) {
            String problem = option[1].isEmpty() ? null : CallHeader.RUN_ID.problem(option[1]);
            if (problem != null) {
                throw new PluginInputError(
                        option[0] + " must be 1 to " + CallHeader.MAX_LENGTH + " printable ASCII characters, not all"
                                + " spaces; got '" + option[1] + "'",
                        List.of(option[0]),
                        null);
            }
        }
        return new CallContext(Optional.empty(), optional(run), optional(actor));
    }

    private static Optional<String> optional(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

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
