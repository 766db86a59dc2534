package dev.cordon.runtime.internal.shell;

import org.apache.felix.service.command.CommandSession;

/**
 * The {@code --json} option every Cordon command takes, declared here once: {@link SharedOptions} takes it off the
 * arguments and leaves its value in the session for the command to read.
 */
final class JsonOption {

    /** The option as typed. */
    static final String NAME = "--json";

    /** What the option does, as {@code help} shows it. */
    static final String DESCRIPTION = "print JSON instead of text (a failure prints {\"error\":…} on stdout)";

    /** The session variable holding whether the running command was given the option. */
    static final String VARIABLE = "cordon.json";

    private JsonOption() {}

    /** Whether the command running in {@code session} was given {@code --json}. */
    static boolean requested(CommandSession session) {
        return session != null && Boolean.TRUE.equals(session.get(VARIABLE));
    }
}
