package dev.cordon.cli.internal;

import dev.cordon.installer.InstallLayout;
import dev.cordon.installer.PluginEnvironment;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cordon remove}: a plugin's manifest and environment, after asking. */
@Command(
        name = "remove",
        mixinStandardHelpOptions = true,
        description = {
            "Removes a plugin's manifest and environment folder (its data folder and secrets are kept).",
            "Asks first on a terminal; elsewhere -y is required."
        })
final class RemoveCommand implements Callable<Integer> {

    @ParentCommand
    CordonCommand root;

    @Parameters(paramLabel = "NAME", description = "The plugin to remove.")
    String name;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask.")
    boolean yes;

    @Override
    public Integer call() {
        CliContext context = root.context;
        InstallLayout.requireValidName(name);
        PluginEnvironment env = new InstallLayout(context.home().data()).environment(name);
        if (!yes) {
            if (context.console() == null) {
                throw new UsageException("not on a terminal, so it cannot ask: give -y to remove '" + name + "'");
            }
            String answer = context.console()
                    .readLine("Remove plugin '%s' (%s and %s)? [y/N] ", name, env.manifestFile(), env.envDir());
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                context.out().println("Not removed.");
                return ExitCodes.FAILED;
            }
        }
        context.installer().remove(name);
        context.out().println("removed " + name);
        return ExitCodes.OK;
    }
}
