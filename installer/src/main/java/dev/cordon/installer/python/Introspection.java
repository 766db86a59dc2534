package dev.cordon.installer.python;

import dev.cordon.installer.InstallFailedException;
import dev.cordon.installer.internal.StepRunner;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs {@code cordon_introspect.py} (beside Cordon's Python worker) with a plugin environment's interpreter and
 * returns the code section it prints.
 */
final class Introspection {

    private static final String MARKER = "CORDON-INTROSPECT|";

    private Introspection() {}

    /**
     * The code section of the plugin named {@code name} in the environment of {@code python}.
     *
     * @param entryPoint {@code module:Class}, or {@code null} to take the distribution's one entry point
     * @param distribution the installed distribution's name, or {@code null} for the whole environment
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> run(
            StepRunner runner,
            Path pythonWorker,
            Path python,
            String name,
            String entryPoint,
            String distribution,
            Path workDir,
            Consumer<String> output) {
        Path script = pythonWorker.resolveSibling("cordon_introspect.py");
        if (!Files.isRegularFile(script)) {
            throw new InstallFailedException(
                    name,
                    "Cordon's Python introspection script " + script + " is missing; set cordon.worker.python to"
                            + " the cordon_worker.py of a complete Cordon installation");
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), "--name", name));
        if (entryPoint != null) {
            command.addAll(List.of("--entry-point", entryPoint));
        }
        if (distribution != null) {
            command.addAll(List.of("--distribution", distribution));
        }
        StepRunner.Output out = runner.runAllowingFailure(
                "introspecting the plugin",
                command,
                workDir,
                Map.of("PYTHONPATH", script.getParent().toString()),
                output);
        String last = out.lines().isEmpty() ? "" : out.lines().get(out.lines().size() - 1);
        if (out.exitCode() != 0 || !last.startsWith(MARKER)) {
            throw new InstallFailedException(
                    name, "Introspecting '" + name + "' failed (status " + out.exitCode() + "): " + out.tail(15));
        }
        try {
            Object code = PlainJson.parse(last.substring(MARKER.length()));
            if (code instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JsonInputException e) {
            throw new InstallFailedException(
                    name, "Introspecting '" + name + "' printed malformed JSON: " + e.getMessage(), e);
        }
        throw new InstallFailedException(name, "Introspecting '" + name + "' printed no JSON object");
    }
}
