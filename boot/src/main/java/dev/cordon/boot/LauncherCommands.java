package dev.cordon.boot;

import java.util.Set;

/**
 * Subcommands of {@code bin/cordon} that run without starting the framework (the {@code cordon} CLI's
 * {@code install}, {@code list}, ...), found with {@link java.util.ServiceLoader} on the launcher's class path.
 * {@code bin/cordon NAME ...} runs the provider whose {@link #names()} hold {@code NAME}; {@code shell},
 * {@code serve} and the interactive console stay the launcher's own.
 */
public interface LauncherCommands {

    /** The subcommand names this provider runs. */
    Set<String> names();

    /** Lines appended to {@code bin/cordon --help}, each ending in a newline. */
    String usage();

    /**
     * Runs a subcommand.
     *
     * @param args the arguments from the subcommand name on ({@code --home} and {@code --data} already applied)
     * @param home the home and data folder in effect
     * @return the exit status
     */
    int run(String[] args, CordonHome home);
}
