package dev.cordon.runtime.internal.shell;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Parameter;

/**
 * Binds a command's arguments to one of its public methods of that name, as Gogo binds a command object: a leading
 * {@link CommandSession} parameter gets the session, {@link Parameter} options are taken by name wherever they stand
 * (a flag, or a name followed by its value), the other arguments fill the remaining parameters in order (the last
 * one collecting the rest when it is varargs), each converted to its parameter's type. Overloads are tried fewest
 * parameters first. Written here rather than borrowed from Gogo's runtime, whose binder is not exported by every
 * Gogo host (Karaf embeds its own).
 */
final class CommandBinding {

    /**
     * The start of the message of a call whose arguments fit no overload, {@code Cannot coerce name(args) to any of
     * [...]} as Gogo words it; the boot shell recognises it and prints the command's usage.
     */
    static final String NO_MATCH = "Cannot coerce ";

    private static final Object UNFIT = new Object();

    private CommandBinding() {}

    /**
     * Runs {@code function} on {@code target} with {@code arguments}.
     *
     * @throws IllegalArgumentException starting with {@value #NO_MATCH} when no overload takes the arguments
     * @throws Exception what the command itself throws
     */
    static Object invoke(CommandSession session, Object target, String function, List<Object> arguments)
            throws Exception {
        List<Method> overloads = Arrays.stream(target.getClass().getMethods())
                .filter(m -> m.getName().equals(function))
                .sorted(Comparator.comparingInt(Method::getParameterCount))
                .toList();
        for (Method method : overloads) {
            Optional<Object[]> values = bind(session, method, arguments);
            if (values.isPresent()) {
                try {
                    return method.invoke(target, values.get());
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception failure) {
                        throw failure;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw e;
                }
            }
        }
        throw new IllegalArgumentException(NO_MATCH
                + function
                + arguments.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"))
                + " to any of "
                + overloads.stream().map(CommandBinding::signature).toList());
    }

    private static Optional<Object[]> bind(CommandSession session, Method method, List<Object> arguments) {
        java.lang.reflect.Parameter[] parameters = method.getParameters();
        Object[] values = new Object[parameters.length];
        List<Object> rest = new ArrayList<>(arguments);
        int first = 0;
        if (parameters.length > 0 && parameters[0].getType() == CommandSession.class) {
            values[0] = session;
            first = 1;
        }
        for (int i = first; i < parameters.length; i++) {
            Parameter option = parameters[i].getAnnotation(Parameter.class);
            if (option == null) {
                continue;
            }
            Object raw = take(option, rest);
            if (raw == UNFIT) {
                return Optional.empty();
            }
            Object value = convert(session, parameters[i].getType(), raw);
            if (value == UNFIT) {
                return Optional.empty();
            }
            values[i] = value;
        }
        int next = 0;
        for (int i = first; i < parameters.length; i++) {
            if (parameters[i].isAnnotationPresent(Parameter.class)) {
                continue;
            }
            if (method.isVarArgs() && i == parameters.length - 1) {
                Class<?> element = parameters[i].getType().getComponentType();
                Object array = Array.newInstance(element, rest.size() - next);
                for (int a = 0; next < rest.size(); a++, next++) {
                    Object value = convert(session, element, rest.get(next));
                    if (value == UNFIT) {
                        return Optional.empty();
                    }
                    Array.set(array, a, value);
                }
                values[i] = array;
                continue;
            }
            if (next >= rest.size()) {
                return Optional.empty();
            }
            Object value = convert(session, parameters[i].getType(), rest.get(next++));
            if (value == UNFIT) {
                return Optional.empty();
            }
            values[i] = value;
        }
        return next == rest.size() ? Optional.of(values) : Optional.empty();
    }

    /** Removes the option (and its value) from {@code rest}; its value, or its absent value when not given. */
    private static Object take(Parameter option, List<Object> rest) {
        boolean flag = !Parameter.UNSPECIFIED.equals(option.presentValue());
        List<String> names = List.of(option.names());
        for (int j = 0; j < rest.size(); j++) {
            if (rest.get(j) != null && names.contains(rest.get(j).toString())) {
                if (flag) {
                    rest.remove(j);
                    return option.presentValue();
                }
                if (j + 1 >= rest.size()) {
                    return UNFIT;
                }
                Object value = rest.get(j + 1);
                rest.remove(j + 1);
                rest.remove(j);
                return value;
            }
        }
        return option.absentValue();
    }

    private static Object convert(CommandSession session, Class<?> type, Object value) {
        if (value == null) {
            return type.isPrimitive() ? UNFIT : null;
        }
        Class<?> boxed = boxed(type);
        if (boxed.isInstance(value)) {
            return value;
        }
        String text = value.toString();
        try {
            if (boxed == String.class) {
                return text;
            }
            if (boxed == Integer.class) {
                return Integer.valueOf(text.strip());
            }
            if (boxed == Long.class) {
                return Long.valueOf(text.strip());
            }
            if (boxed == Double.class) {
                return Double.valueOf(text.strip());
            }
            if (boxed == Boolean.class) {
                return switch (text.strip()) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> UNFIT;
                };
            }
        } catch (NumberFormatException e) {
            return UNFIT;
        }
        try {
            Object converted = session.convert(type, value);
            return boxed.isInstance(converted) ? converted : UNFIT;
        } catch (Exception e) {
            return UNFIT;
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        return type;
    }

    private static String signature(Method method) {
        return Arrays.stream(method.getParameterTypes())
                .filter(t -> t != CommandSession.class)
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
