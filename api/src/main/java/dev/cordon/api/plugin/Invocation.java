package dev.cordon.api.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a plugin: positional and keyword arguments (plain JSON values, see {@link Plugin}) and the context
 * through which the call observes cancellation and reports progress and usage.
 *
 * @param args positional arguments, never {@code null}
 * @param kwargs keyword arguments in the caller's order, never {@code null}
 * @param context this call's context
 */
public record Invocation(List<Object> args, Map<String, Object> kwargs, PluginContext context) {

    /** Copies the argument collections (order and {@code null} values kept) read-only; {@code null} reads as empty. */
    public Invocation {
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        Objects.requireNonNull(context, "context");
    }

    /**
     * The keyword argument {@code name}, or {@code fallback} when it is absent.
     *
     * @throws dev.cordon.api.error.PluginInputError if it is present with a type other than {@code type}
     */
    public <T> T kwarg(String name, Class<T> type, T fallback) {
        if (!kwargs.containsKey(name)) {
            return fallback;
        }
        Object value = kwargs.get(name);
        if (value != null && !type.isInstance(value)) {
            throw new dev.cordon.api.error.PluginInputError(
                    "Argument '" + name + "' must be a " + type.getSimpleName() + ", got "
                            + value.getClass().getSimpleName(),
                    List.of(name),
                    null);
        }
        return type.cast(value);
    }
}
