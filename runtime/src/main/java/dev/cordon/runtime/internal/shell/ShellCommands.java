package dev.cordon.runtime.internal.shell;

/**
 * A service whose public methods are Cordon shell commands. Implementations are registered under this interface
 * with the property {@value #FUNCTIONS} listing their command names; {@link CommandRegistrar} puts each name into
 * Gogo under the {@code cordon} scope, adding the options every command shares.
 */
public interface ShellCommands {

    /** The service property naming the command functions of an implementation. */
    String FUNCTIONS = "cordon.command.function";
}
