package dev.cordon.boot.internal.launch;

import dev.cordon.boot.internal.launch.GogoSession.CommandFailedException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Turns what Gogo throws into a message that says what to type instead. */
final class CommandFailures {

    private static final String WRONG_ARGUMENTS = "Cannot coerce ";
    private static final int MAX_SUGGESTIONS = 3;

    private CommandFailures() {}

    static CommandFailedException describe(GogoSession session, String commandLine, Throwable cause) {
        if (GogoSession.isNotFound(cause)) {
            return new CommandFailedException(notFound(commandName(cause), session.commands()), cause, true);
        }
        if (interrupted(cause)) {
            return new CommandFailedException("interrupted: " + commandLine + " was stopped", cause, false);
        }
        String message = cause.getMessage();
        if (cause instanceof IllegalArgumentException && message != null && message.startsWith(WRONG_ARGUMENTS)) {
            String function = message.substring(WRONG_ARGUMENTS.length()).split("\\(", 2)[0];
            if (session.commands().contains("cordon:" + function)) {
                return new CommandFailedException(
                        "wrong arguments for cordon:" + function + "\n" + usage(session, function), cause, false);
            }
        }
        return new CommandFailedException(message != null ? message : cause.toString(), cause, false);
    }

    private static boolean interrupted(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** "no command …; did you mean …?" with the registered names closest to {@code name}. */
    static String notFound(String name, Set<String> commands) {
        List<String> close = closest(name, commands);
        String text = "no command '" + name + "'";
        return close.isEmpty()
                ? text + ": 'help' lists Cordon's commands (is the bundle that provides it ACTIVE? see cordon:status)"
                : text + "; did you mean " + String.join(", ", close) + "?";
    }

    /** Up to three registered names within a small edit distance of {@code name}, scoped or not, closest first. */
    static List<String> closest(String name, Set<String> commands) {
        String typed = name.toLowerCase();
        boolean scoped = typed.contains(":");
        int limit = Math.max(2, typed.length() / 3);
        return commands.stream()
                .map(c -> new Scored(c, distance(typed, scoped ? c : c.substring(c.indexOf(':') + 1))))
                .filter(s -> s.distance <= limit)
                .sorted(Comparator.comparingInt(Scored::distance)
                        .thenComparing(s -> !s.name.startsWith("cordon:"))
                        .thenComparing(Scored::name))
                .limit(MAX_SUGGESTIONS)
                .map(Scored::name)
                .toList();
    }

    private record Scored(String name, int distance) {}

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int swap = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + swap);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String usage(GogoSession session, String function) {
        try {
            Object text = session.execute("cordon:help " + function);
            return text == null ? "" : text.toString();
        } catch (CommandFailedException e) {
            return "('help " + function + "' could not show its usage: " + e.getMessage() + ")";
        }
    }

    private static String commandName(Throwable notFound) {
        try {
            Object name = notFound.getClass().getMethod("getCommand").invoke(notFound);
            return String.valueOf(name);
        } catch (ReflectiveOperationException e) {
            return String.valueOf(notFound.getMessage());
        }
    }
}
