package dev.cordon.cli.internal;

/** The exit statuses of the plugin commands (documented in docs/operations.md). */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** The command failed (an install step, a store, a file); the message says why. */
    public static final int FAILED = 1;
    /** Wrong usage: an unknown option, a missing argument, a prompt needed without a terminal. */
    public static final int USAGE = 2;
    /** The file, entry or value given is invalid; every problem is printed with its path. */
    public static final int INVALID = 4;
    /** The plugin named is not installed. */
    public static final int NOT_FOUND = 5;

    private ExitCodes() {}
}
