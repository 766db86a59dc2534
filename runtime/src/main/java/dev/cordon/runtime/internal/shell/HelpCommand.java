package dev.cordon.runtime.internal.shell;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code cordon:help}: Cordon's commands with one line each, or one command's usage. Both are read from the
 * registered command services and their {@link Descriptor}s, so a new command appears without being listed here.
 */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=help"})
public final class HelpCommand implements ShellCommands {

    private static final String SCOPE = CommandRegistrar.SCOPE;

    private final BundleContext context;

    @Activate
    public HelpCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("list Cordon's commands, or show one command's usage")
    public String help(
            CommandSession session,
            @Descriptor("a command name, e.g. exec; none lists every command") String... command) {
        boolean json = JsonOption.requested(session);
        if (command.length == 0) {
            Map<String, String> summaries = summaries();
            return json ? Json.write(summaries) : list(summaries);
        }
        String name = command[0].startsWith(SCOPE + ":") ? command[0].substring(SCOPE.length() + 1) : command[0];
        String usage = find(name)
                .map(service -> Usage.of(SCOPE, name, service.getClass()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "No Cordon command named '" + command[0] + "': 'help' lists them"));
        return json ? Json.write(Map.of("command", SCOPE + ":" + name, "usage", usage)) : usage;
    }

    private Map<String, String> summaries() {
        Map<String, String> lines = new TreeMap<>();
        for (ServiceReference<?> ref : commandServices()) {
            Object service = context.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                for (String function : functions(ref)) {
                    lines.put(function, Usage.summary(service.getClass(), function));
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return lines;
    }

    private static String list(Map<String, String> lines) {
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder("Cordon's commands (each also as cordon:<name>):\n");
        lines.forEach((name, summary) -> sb.append("  ")
                .append(pad(name, width))
                .append("  ")
                .append(summary)
                .append('\n'));
        sb.append("'help <command>' shows its usage; each takes --json; Tab completes commands, plugin names"
                + " and instance ids.");
        return sb.toString();
    }

    private Optional<Object> find(String function) {
        for (ServiceReference<?> ref : commandServices()) {
            if (Arrays.asList(functions(ref)).contains(function)) {
                Object service = context.getService(ref);
                if (service != null) {
                    context.ungetService(ref);
                    return Optional.of(service);
                }
            }
        }
        return Optional.empty();
    }

    private ServiceReference<?>[] commandServices() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(ShellCommands.class.getName(), null);
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("The command filter is malformed: " + e.getMessage(), e);
        }
    }

    private static String[] functions(ServiceReference<?> ref) {
        Object value = ref.getProperty(ShellCommands.FUNCTIONS);
        if (value instanceof String[] many) {
            return many;
        }
        return value == null ? new String[0] : new String[] {value.toString()};
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
