package dev.cordon.runtime.internal.output;

import org.apache.felix.service.command.CommandSession;

/** Where a command's output goes, as the launcher told the session. */
public enum Destination {
    /** An interactive terminal: carriage returns and redraws are fine. */
    TERMINAL,
    /** A file, a pipe or an unknown place: whole lines only, no control characters. */
    PLAIN;

    /**
     * The session variable the launcher sets to {@code true} when the session writes to a terminal. The launcher
     * lives outside the framework and spells the same name.
     */
    public static final String SESSION_VARIABLE = "cordon.terminal";

    /** {@link #TERMINAL} only when the session says so; a session nobody described gets plain lines. */
    public static Destination of(CommandSession session) {
        return session != null && Boolean.TRUE.equals(session.get(SESSION_VARIABLE)) ? TERMINAL : PLAIN;
    }
}
