package dev.cordon.cli.internal;

import dev.cordon.installer.InstallLayout;
import dev.cordon.installer.InstallRequest;
import dev.cordon.installer.InstalledPlugin;
import dev.cordon.installer.PackageSource;
import dev.cordon.installer.PluginsYaml;
import dev.cordon.installer.internal.Folders;
import dev.cordon.protocol.json.PlainJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cordon estimate-size}: disk used by plugin environments, and what a plugins file's local packages take. */
@Command(
        name = "estimate-size",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the disk size of installed plugins' environments (data/envs/NAME), and with -f the size of each",
            "entry's local package: installed, an environment takes that plus the interpreter's links and what pip",
            "adds. Packages from an index or a repository are listed without a size."
        })
final class EstimateSizeCommand implements Callable<Integer> {

    @ParentCommand
    CordonCommand root;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Only these plugins (default: all).")
    List<String> names = new ArrayList<>();

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Also estimate this plugins file's entries.")
    Path file;

    @Option(names = "--json", description = "Print the sizes as JSON.")
    boolean json;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        InstallLayout layout = new InstallLayout(root.context.home().data());
        for (InstalledPlugin p : root.context.installer().list()) {
            if (names.isEmpty() || names.contains(p.environment().name())) {
                rows.add(row(
                        p.environment().name(),
                        "installed",
                        Folders.size(p.environment().envDir())));
            }
        }
        if (file != null) {
            for (InstallRequest r : PluginsYaml.read(file).requests()) {
                boolean installed =
                        Files.isDirectory(layout.environment(r.name()).envDir());
                if ((names.isEmpty() || names.contains(r.name())) && !installed) {
                    Long size = r.source() instanceof PackageSource.LocalPath local ? Folders.size(local.path()) : null;
                    rows.add(row(r.name(), "package " + r.source().text(), size));
                }
            }
        }
        if (json) {
            root.context.out().println(PlainJson.pretty(rows));
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "SIZE", "WHAT");
        long total = 0;
        for (Map<String, Object> row : rows) {
            Long bytes = (Long) row.get("bytes");
            total += bytes == null ? 0 : bytes;
            table.row((String) row.get("name"), bytes == null ? "?" : human(bytes), (String) row.get("what"));
        }
        table.row("total", human(total), "");
        table.print(root.context.out());
        return ExitCodes.OK;
    }

    private static Map<String, Object> row(String name, String what, Long bytes) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("what", what);
        row.put("bytes", bytes);
        return row;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
