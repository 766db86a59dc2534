package dev.cordon.cli.internal;

import dev.cordon.boot.CordonHome;
import dev.cordon.installer.InstallSettings;
import dev.cordon.installer.PluginInstaller;
import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * What every command runs with.
 *
 * @param home the home and data folder in effect
 * @param in standard input
 * @param out standard output: the command's data (tables, JSON)
 * @param err standard error: progress, warnings and errors
 * @param terminal whether input and output are a terminal (progress bars, prompts)
 * @param console the terminal, or {@code null}
 */
public record CliContext(
        CordonHome home, InputStream in, PrintStream out, PrintStream err, boolean terminal, Console console) {

    /** The install settings of this home and data folder. */
    public InstallSettings settings() {
        return InstallSettings.load(home.home(), home.data());
    }

    /** The installer of this data folder with every package installer on the class path. */
    public PluginInstaller installer() {
        return PluginInstaller.standard(settings());
    }
}
