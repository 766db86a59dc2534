package dev.cordon.cli.internal;

import dev.cordon.installer.PluginInstaller;
import dev.cordon.manifest.Manifest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cordon regenerate-manifest}: introspects installed plugins again. */
@Command(
        name = "regenerate-manifest",
        mixinStandardHelpOptions = true,
        description = "Introspects installed plugins again and rewrites their manifests' code section and schema hash"
                + " (the install section and overrides are kept).")
final class RegenerateCommand implements Callable<Integer> {

    @ParentCommand
    CordonCommand root;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "The plugins to regenerate.")
    List<String> names;

    @Override
    public Integer call() {
        PluginInstaller installer = root.context.installer();
        ConsoleProgress progress = new ConsoleProgress(root.context.err(), root.context.terminal());
        for (int i = 0; i < names.size(); i++) {
            progress.plugin(i, names.size());
            Manifest fresh = installer.regenerate(names.get(i), progress);
            progress.finish();
            root.context
                    .out()
                    .println("regenerated " + names.get(i) + ": config_schema_hash " + fresh.configSchemaHash());
        }
        return ExitCodes.OK;
    }
}
