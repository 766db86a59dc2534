package dev.cordon.cli.internal;

import dev.cordon.installer.InstalledPlugin;
import dev.cordon.manifest.Manifest;
import dev.cordon.protocol.json.PlainJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cordon list}: the plugins with a manifest in the data folder. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the plugins with a manifest in data/manifests/, installed or written by hand.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    CordonCommand root;

    @Option(names = "--json", description = "Print the plugins as JSON.")
    boolean json;

    @Override
    public Integer call() {
        List<InstalledPlugin> plugins = root.context.installer().list();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            plugins.forEach(p -> rows.add(row(p)));
            root.context.out().println(PlainJson.pretty(rows));
            return ExitCodes.OK;
        }
        if (plugins.isEmpty()) {
            root.context
                    .out()
                    .println("No plugins in " + root.context.home().data().resolve("manifests"));
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "RUNTIME", "VERSION", "INSTALLED BY", "SOURCE");
        for (InstalledPlugin p : plugins) {
            Manifest m = p.manifest();
            if (m == null) {
                table.row(p.environment().name(), "?", "?", "-", "unreadable: " + p.problem());
            } else {
                table.row(
                        p.environment().name(),
                        m.install().effectiveRuntime().wire(),
                        m.code().version(),
                        p.installer() == null ? "hand" : "cordon (" + p.installer() + ")",
                        m.install().packageSource());
            }
        }
        table.print(root.context.out());
        return ExitCodes.OK;
    }

    private static Map<String, Object> row(InstalledPlugin p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", p.environment().name());
        row.put("manifest", p.environment().manifestFile().toString());
        row.put("installer", p.installer());
        if (p.manifest() != null) {
            row.put("runtime", p.manifest().install().effectiveRuntime().wire());
            row.put("version", p.manifest().code().version());
            row.put("source", p.manifest().install().packageSource());
            row.put("config_schema_hash", p.manifest().configSchemaHash());
        } else {
            row.put("problem", p.problem());
        }
        return row;
    }
}
