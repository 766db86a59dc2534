package dev.cordon.runtime.internal.shell;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

/** A command's one-line summary and usage text, read from its method's {@link Descriptor}s. */
final class Usage {

    private Usage() {}

    /** The {@link Descriptor} of the first public method called {@code function}, or a plain fallback. */
    static String summary(Class<?> type, String function) {
        return methods(type, function).stream()
                .map(m -> m.getAnnotation(Descriptor.class))
                .filter(d -> d != null)
                .map(Descriptor::value)
                .findFirst()
                .orElse("(no description)");
    }

    /**
     * The usage of {@code scope:function}: the synopsis of each public overload, then one line per option and
     * argument.
     */
    static String of(String scope, String function, Class<?> type) {
        StringBuilder sb = new StringBuilder(scope)
                .append(':')
                .append(function)
                .append(" - ")
                .append(summary(type, function))
                .append('\n');
        for (Method m : methods(type, function)) {
            List<String[]> rows = new ArrayList<>();
            StringBuilder synopsis =
                    new StringBuilder("Usage: ").append(scope).append(':').append(function);
            // Every command takes the shared option; SharedOptions handles it before the method is bound.
            synopsis.append(" [").append(JsonOption.NAME).append(']');
            rows.add(new String[] {JsonOption.NAME, JsonOption.DESCRIPTION});
            for (Parameter p : m.getParameters()) {
                if (p.getType() == CommandSession.class) {
                    continue;
                }
                var option = p.getAnnotation(org.apache.felix.service.command.Parameter.class);
                String describe = p.isAnnotationPresent(Descriptor.class)
                        ? p.getAnnotation(Descriptor.class).value()
                        : "";
                if (option != null) {
                    String names = String.join(" | ", option.names());
                    boolean flag =
                            !org.apache.felix.service.command.Parameter.UNSPECIFIED.equals(option.presentValue());
                    String shown = flag ? names : names + " <" + argName(p) + ">";
                    synopsis.append(" [").append(shown).append(']');
                    rows.add(new String[] {shown, describe});
                } else {
                    String shown = p.isVarArgs() ? "[<" + argName(p) + ">...]" : "<" + argName(p) + ">";
                    synopsis.append(' ').append(shown);
                    rows.add(new String[] {argName(p), describe});
                }
            }
            sb.append(synopsis).append('\n');
            int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            for (String[] row : rows) {
                sb.append("  ")
                        .append(row[0])
                        .append(" ".repeat(width - row[0].length()))
                        .append("  ")
                        .append(row[1])
                        .append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    private static List<Method> methods(Class<?> type, String function) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(function))
                .sorted(Comparator.comparingInt(Method::getParameterCount))
                .toList();
    }

    private static String argName(Parameter p) {
        return p.isNamePresent()
                ? p.getName()
                : p.getType().getSimpleName().replace("[]", "").toLowerCase();
    }
}
