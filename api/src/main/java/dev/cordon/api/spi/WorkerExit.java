package dev.cordon.api.spi;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.WorkerCrashedError;
import dev.cordon.api.error.WorkerOOMError;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a worker process ended.
 *
 * @param pid the worker's process id
 * @param exitCode the status it passed to {@code exit}, when it exited on its own
 * @param signal the signal that ended it, when a signal did
 * @param cause who or what ended it
 */
public record WorkerExit(long pid, OptionalInt exitCode, OptionalInt signal, Cause cause) {

    /** Who or what ended a worker. */
    public enum Cause {
        /** The host stopped it (a stop, an unload, a failed start, a replacement). */
        STOPPED,
        /** It exited on its own with an exit code, 0 included. */
        EXITED,
        /** A signal other than SIGKILL ended it: SIGSEGV, SIGABRT, a SIGTERM the host did not send… */
        CRASHED,
        /** SIGKILL ended it and no out-of-memory kill was recorded for it. */
        KILLED,
        /** The kernel's out-of-memory killer ended it, as the kernel's or the cgroup's own counter recorded. */
        OOM_KILLED,
        /** It is gone, but its exit status could not be observed (a process that is not the host's child). */
        UNKNOWN
    }

    /** Requires all; a worker has an exit code or a signal, not both. */
    public WorkerExit {
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(cause, "cause");
        if (exitCode.isPresent() && signal.isPresent()) {
            throw new IllegalArgumentException("A worker exit has an exit code or a signal, not both");
        }
    }

    /** Whether it died without the host asking it to: anything but {@link Cause#STOPPED}. */
    public boolean unexpected() {
        return cause != Cause.STOPPED;
    }

    /** The status as the original reported it: the exit code, or the negative signal number; 0 when unknown. */
    public int returncode() {
        return exitCode.isPresent() ? exitCode.getAsInt() : -signal.orElse(0);
    }

    /**
     * The error a call gets when its worker died this way: a {@link WorkerOOMError} for an out-of-memory kill,
     * else a {@link WorkerCrashedError} naming the exit status or signal.
     *
     * @param instance the instance the worker served
     * @param logFile the worker's log
     * @param logTail the log's last lines, or empty
     */
    public PluginError error(String instance, Path logFile, String logTail) {
        String where = "; see " + logFile + (logTail.isEmpty() ? "" : ", whose last lines are:\n" + logTail);
        if (cause == Cause.OOM_KILLED) {
            return new WorkerOOMError(
                    instance,
                    returncode(),
                    "Worker of '" + instance + "' (pid " + pid + ") was killed by the kernel's out-of-memory killer"
                            + where);
        }
        String how = switch (cause) {
            case EXITED -> "exited during the call with " + describe();
            case CRASHED -> "crashed during the call on " + describe();
            case KILLED -> "was killed during the call by " + describe() + ", not for lack of memory";
            default -> "ended during the call with " + describe();
        };
        return new WorkerCrashedError(
                instance,
                pid,
                returncode(),
                "Worker of '" + instance + "' (pid " + pid + ") " + how
                        + "; the call was not repeated, and the next call gets a fresh worker" + where);
    }

    /** For messages, for example {@code "exit status 0"} or {@code "signal 11 (SIGSEGV)"}. */
    public String describe() {
        if (exitCode.isPresent()) {
            return "exit status " + exitCode.getAsInt();
        }
        if (signal.isPresent()) {
            return "signal " + signal.getAsInt() + " (" + signalName(signal.getAsInt()) + ")";
        }
        return "an unobserved exit status";
    }

    /** The usual Linux name of a signal number, or {@code SIG<n>}. */
    public static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 10 -> "SIGUSR1";
            case 11 -> "SIGSEGV";
            case 12 -> "SIGUSR2";
            case 13 -> "SIGPIPE";
            case 14 -> "SIGALRM";
            case 15 -> "SIGTERM";
            case 24 -> "SIGXCPU";
            case 25 -> "SIGXFSZ";
            case 31 -> "SIGSYS";
            default -> "SIG" + signal;
        };
    }
}
