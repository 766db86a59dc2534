package dev.cordon.cli.internal;

import dev.cordon.api.store.SecretStore;
import dev.cordon.installer.InstallLayout;
import dev.cordon.protocol.json.PlainJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cordon list-secrets}: the names of stored secrets, never their values. */
@Command(
        name = "list-secrets",
        mixinStandardHelpOptions = true,
        description =
                "Lists the names of the stored secrets of PLUGIN, or every stored secret of every plugin (installed or"
                        + " not); never a value.")
final class ListSecretsCommand implements Callable<Integer> {

    @ParentCommand
    CordonCommand root;

    @Parameters(paramLabel = "PLUGIN", arity = "0..1", description = "Only this plugin's secrets.")
    String plugin;

    @Option(names = "--json", description = "Print the names as JSON.")
    boolean json;

    @Override
    public Integer call() {
        CliContext context = root.context;
        SecretStore store = SecretStores.open(context.home()).store();
        List<String> plugins = new ArrayList<>();
        if (plugin != null) {
            InstallLayout.requireValidName(plugin);
            plugins.add(plugin);
        } else {
            plugins.addAll(store.plugins());
        }
        Map<String, List<String>> names = new LinkedHashMap<>();
        plugins.forEach(p -> names.put(p, store.names(p)));
        if (json) {
            context.out().println(PlainJson.pretty(names));
            return ExitCodes.OK;
        }
        Table table = new Table("PLUGIN", "SECRET");
        names.forEach((p, keys) -> keys.forEach(k -> table.row(p, k)));
        if (names.values().stream().allMatch(List::isEmpty)) {
            context.out().println(plugin == null ? "No secrets stored" : "No secrets stored for " + plugin);
        } else {
            table.print(context.out());
        }
        return ExitCodes.OK;
    }
}
