package dev.cordon.api.host;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one plugin call: positional and keyword, as plain JSON values (see
 * {@link dev.cordon.api.plugin.Plugin}).
 *
 * @param args positional arguments
 * @param kwargs keyword arguments, in the caller's order
 */
public record Call(List<Object> args, Map<String, Object> kwargs) {

    /** Copies the collections read-only; {@code null} reads as empty. */
    public Call {
        // Copies, not views (a caller's later change does not reach the call); JSON nulls are kept.
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
        kwargs = kwargs == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
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
