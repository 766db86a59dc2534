package dev.cordon.boot.internal.launch;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the console: the first word completes to a command (Cordon's also without the
 * {@code cordon:} prefix), the words after a Cordon command to plugin names, instance ids and {@code --json},
 * the word after {@code help} to Cordon's command names.
 */
final class CommandCompleter implements Completer {

    private static final String SCOPE = "cordon:";

    private final Supplier<Set<String>> commands;
    private final Supplier<Collection<String>> ids;

    /**
     * @param commands every registered command as {@code scope:name}
     * @param ids the discovered plugin names and loaded instance ids, read at each completion
     */
    CommandCompleter(Supplier<Set<String>> commands, Supplier<Collection<String>> ids) {
        this.commands = commands;
        this.ids = ids;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            for (String command : commands.get()) {
                boolean cordon = command.startsWith(SCOPE);
                candidates.add(candidate(command, cordon ? "cordon" : "other"));
                if (cordon) {
                    candidates.add(candidate(command.substring(SCOPE.length()), "cordon"));
                }
            }
            return;
        }
        String command = line.words().get(0);
        if (command.equals("help") || command.equals(SCOPE + "help")) {
            commands.get().stream()
                    .filter(c -> c.startsWith(SCOPE))
                    .forEach(c -> candidates.add(candidate(c.substring(SCOPE.length()), "cordon")));
            return;
        }
        boolean cordon = command.startsWith(SCOPE) || commands.get().contains(SCOPE + command);
        if (!cordon) {
            return;
        }
        if (line.word().startsWith("-")) {
            candidates.add(candidate("--json", "option"));
            return;
        }
        for (String id : ids.get()) {
            candidates.add(candidate(id, "plugin or instance"));
        }
    }

    private static Candidate candidate(String value, String group) {
        return new Candidate(value, value, group, null, null, null, true);
    }
}
