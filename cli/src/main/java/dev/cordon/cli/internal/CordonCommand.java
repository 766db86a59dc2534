package dev.cordon.cli.internal;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.store.StoreException;
import dev.cordon.manifest.ManifestException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root of the plugin commands; holds the context its subcommands run with. */
@Command(
        name = "cordon",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {
            InstallCommand.class,
            ListCommand.class,
            RemoveCommand.class,
            ValidateCommand.class,
            RegenerateCommand.class,
            EstimateSizeCommand.class,
            SetSecretCommand.class,
            ListSecretsCommand.class,
            NewCommand.class
        },
        description = "Installs and manages Cordon plugins without starting the runtime.",
        footer = {
            "",
            "Exit status: 0 done, 1 failed, 2 wrong usage, 4 invalid input (every problem is printed with its",
            "path), 5 no such plugin."
        })
public final class CordonCommand {

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The Cordon home (default: $CORDON_HOME, else the distribution folder).")
    String home;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "The data folder (default: $CORDON_DATA, else <home>/data).")
    String data;

    CliContext context;

    /** Runs the command line with {@code context}; returns the exit status. */
    public static int execute(String[] args, CliContext context) {
        CordonCommand root = new CordonCommand();
        root.context = context;
        CommandLine line = new CommandLine(root);
        line.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
        line.setExitCodeExceptionMapper(CordonCommand::exitCode);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("cordon " + cmd.getCommandName() + ": " + message(e));
            return exitCode(e);
        });
        return line.execute(args);
    }

    /** The exit status of a failure. */
    static int exitCode(Throwable e) {
        if (e instanceof CommandLine.ParameterException || e instanceof UsageException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof PluginNotFoundError) {
            return ExitCodes.NOT_FOUND;
        }
        if (e instanceof PluginInputError || e instanceof ManifestException || e instanceof IllegalArgumentException) {
            return ExitCodes.INVALID;
        }
        return ExitCodes.FAILED;
    }

    /** The message of a failure; an I/O or store failure's own text, never a stack trace. */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getMessage() == null) {
            return String.valueOf(u.getCause().getMessage());
        }
        if (e instanceof StoreException || e.getMessage() != null) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName();
    }
}
