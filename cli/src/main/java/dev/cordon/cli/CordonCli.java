package dev.cordon.cli;

import dev.cordon.boot.CordonHome;
import dev.cordon.boot.LauncherCommands;
import dev.cordon.cli.internal.CliContext;
import dev.cordon.cli.internal.CordonCommand;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The {@code cordon} CLI's subcommands, run by {@code bin/cordon NAME ...} without starting the framework. */
public final class CordonCli implements LauncherCommands {

    private static final Set<String> NAMES = Set.of(
            "install",
            "list",
            "remove",
            "validate",
            "regenerate-manifest",
            "estimate-size",
            "set-secret",
            "list-secrets",
            "new");

    @Override
    public Set<String> names() {
        return NAMES;
    }

    @Override
    public String usage() {
        return """
                Plugin commands (no runtime started; 'cordon COMMAND --help' tells more):
                  install [NAME...|--all] [-f FILE] [--force]   install plugins.yaml entries into data/envs/
                  install --package SRC [--name NAME]           install one package (folder, wheel, jar, coordinates)
                  list | remove NAME [-y] | regenerate-manifest NAME | estimate-size [NAME...]
                  validate FILE                                 check a manifest or plugins.yaml; prints the schema hash
                  set-secret PLUGIN KEY [--stdin] | list-secrets [PLUGIN]   secrets; values are never shown
                  new python|java NAME                          write a plugin project to start from
                """;
    }

    @Override
    public int run(String[] args, CordonHome home) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // System.console() exists only when input and output are both a terminal: then progress bars and prompts.
        CliContext context = new CliContext(
                home, new FileInputStream(FileDescriptor.in), out, err, System.console() != null, System.console());
        return CordonCommand.execute(args, context);
    }
}
