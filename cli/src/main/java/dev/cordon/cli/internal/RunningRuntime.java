package dev.cordon.cli.internal;

import dev.cordon.boot.AttachedCommands;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime that owns the data folder, when one runs: after the CLI changed a plugin's secrets, the plugin's
 * loaded instances are reloaded there on fresh workers, which read the store again. Only shell commands are sent
 * ({@code cordon:plugins --json}, {@code cordon:reload ID}); a secret's value never crosses the control socket.
 */
final class RunningRuntime {

    /** How long a command of a runtime whose bundles are still starting is retried. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private RunningRuntime() {}

    /**
     * Reloads every loaded instance of {@code plugin} in the runtime that owns {@code data}.
     *
     * @return the reloaded instance ids, or empty when no runtime owns the data folder
     * @throws IllegalStateException when the runtime answers with a failure
     * @throws UncheckedIOException when the runtime goes away or stays silent
     */
    static Optional<List<String>> reloadInstancesOf(Path data, String plugin) {
        Optional<AttachedCommands.Result> listed = run(data, List.of("cordon:plugins --json"));
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = instancesOf(listed.get(), plugin, data);
        if (ids.isEmpty()) {
            return Optional.of(ids);
        }
        List<String> lines = ids.stream().map(id -> "cordon:reload " + id).toList();
        AttachedCommands.Result reloaded = run(data, lines)
                .orElseThrow(() -> new IllegalStateException("The runtime that owns " + data
                        + " stopped before the instances of " + plugin + " " + ids + " were reloaded"));
        if (reloaded.status() != 0) {
            throw new IllegalStateException("The runtime that owns " + data + " could not reload the instances of "
                    + plugin + " " + ids + ": " + reloaded.err().strip()
                    + "; reload them with: cordon shell -c 'cordon:reload ID'");
        }
        return Optional.of(ids);
    }

    private static Optional<AttachedCommands.Result> run(Path data, List<String> lines) {
        try {
            return AttachedCommands.run(data, lines, WAIT);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "The runtime that owns " + data + " did not answer " + lines + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> instancesOf(AttachedCommands.Result listed, String plugin, Path data) {
        if (listed.status() != 0) {
            throw new IllegalStateException("The runtime that owns " + data + " could not list its plugins: "
                    + listed.err().strip() + "; check its log, data/logs/cordon.log");
        }
        List<String> ids = new ArrayList<>();
        try {
            Object root = PlainJson.parse(listed.out().strip());
            Object plugins = root instanceof Map<?, ?> m ? m.get("plugins") : null;
            if (plugins instanceof List<?> list) {
                for (Object p : list) {
                    if (p instanceof Map<?, ?> entry
                            && plugin.equals(entry.get("name"))
                            && entry.get("instances") instanceof List<?> instances) {
                        instances.forEach(id -> ids.add(String.valueOf(id)));
                    }
                }
            }
        } catch (JsonInputException e) {
            throw new IllegalStateException(
                    "The runtime that owns " + data + " answered cordon:plugins --json with something that is not"
                            + " JSON: " + e.getMessage(),
                    e);
        }
        return ids;
    }
}
