package dev.cordon.api.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of one plugin call: positional and keyword, as plain JSON values (see
 * {@link dev.cordon.api.plugin.Plugin}).
 *
 * @param args positional arguments
 * @param kwargs keyword arguments, in the caller's order
 * @param context who the call is made for; {@link CallContext#NONE} when nobody said
 */
public record Call(List<Object> args, Map<String, Object> kwargs, CallContext context) {

    /**
     * Copies the collections (order and {@code null} values kept) read-only; {@code null} collections read as empty,
     * a {@code null} context as {@link CallContext#NONE}.
     */
    public Call {
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        context = Objects.requireNonNullElse(context, CallContext.NONE);
    }

    /** A call without context. */
    public Call(List<Object> args, Map<String, Object> kwargs) {
        this(args, kwargs, CallContext.NONE);
    }

    /** This call with another context. */
    public Call withContext(CallContext newContext) {
        return new Call(args, kwargs, newContext);
    }

    /** A call with keyword arguments only. */
    public static Call kwargs(Map<String, Object> kwargs) {
        return new Call(List.of(), kwargs);
    }

    /** A call with positional arguments only; {@code null} elements are allowed. */
    public static Call args(Object... args) {
        return new Call(Arrays.asList(args.clone()), Map.of());
    }
}
