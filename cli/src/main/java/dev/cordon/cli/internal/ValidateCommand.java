package dev.cordon.cli.internal;

import dev.cordon.installer.PluginsYaml;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestProblem;
import dev.cordon.manifest.Manifests;
import dev.cordon.manifest.PluginsFileEntry;
import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.protocol.json.PlainJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cordon validate}: every problem of a manifest or a plugins.yaml, each with its path. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a plugin manifest (.json) or a plugins file (.yaml, .yml) and prints every problem with its path",
            "(exit status 4). A valid manifest prints its config schema's hash, computed as the runtime does."
        })
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    CordonCommand root;

    @Parameters(paramLabel = "FILE", description = "The manifest or plugins file.")
    Path file;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "No file " + file.toAbsolutePath() + "; give a manifest or plugins file");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", file.toAbsolutePath().toString());
        result.put("kind", yaml ? "plugins" : "manifest");
        List<ManifestProblem> problems = yaml ? PluginsYaml.check(file) : manifestProblems(result);
        result.put("valid", problems.isEmpty());
        List<Map<String, String>> listed = new ArrayList<>();
        problems.forEach(p -> listed.add(Map.of("path", p.path(), "message", p.message())));
        result.put("problems", listed);
        if (problems.isEmpty() && yaml) {
            result.put(
                    "plugins",
                    PluginsYaml.read(file).entries().stream()
                            .map(PluginsFileEntry::name)
                            .toList());
        }
        print(result, problems);
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.INVALID;
    }

    private List<ManifestProblem> manifestProblems(Map<String, Object> result) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        List<ManifestProblem> problems = new ArrayList<>(Manifests.check(text));
        if (!problems.isEmpty()) {
            return problems;
        }
        Manifest manifest = Manifests.read(text, file.toString());
        String hash = CanonicalJson.hashOf(manifest.code().configSchema());
        result.put("plugin", manifest.code().name());
        result.put("config_schema_hash", hash);
        if (manifest.configSchemaHash() != null && !manifest.configSchemaHash().equals(hash)) {
            problems.add(new ManifestProblem(
                    "$.drift_tracking.config_schema_hash",
                    "records " + manifest.configSchemaHash() + " but code.config_schema hashes to " + hash
                            + "; regenerate the manifest (cordon regenerate-manifest NAME) or correct the hash"));
        }
        return problems;
    }

    private void print(Map<String, Object> result, List<ManifestProblem> problems) {
        var out = root.context.out();
        if (json) {
            out.println(PlainJson.pretty(result));
            return;
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> out.println(p.path() + ": " + p.message()));
            out.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        } else if (result.containsKey("plugins")) {
            out.println(file + ": valid plugins file, plugins " + result.get("plugins"));
        } else {
            out.println(file + ": valid manifest of plugin '" + result.get("plugin") + "'");
            out.println("config_schema_hash " + result.get("config_schema_hash"));
        }
    }
}
