package dev.cordon.runtime.internal.shell;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The JSON form of every command's {@code --json} output: pretty-printed, nulls kept, instants as ISO-8601 text,
 * empty optionals as {@code null}.
 */
final class Json {

    private static final Gson GSON = builder().setPrettyPrinting().create();
    private static final Gson COMPACT = builder().create();

    private static GsonBuilder builder() {
        return new GsonBuilder()
                .serializeNulls()
                .disableHtmlEscaping()
                .registerTypeAdapter(
                        Instant.class, (JsonSerializer<Instant>) (v, t, c) -> new JsonPrimitive(v.toString()))
                .registerTypeHierarchyAdapter(
                        Path.class, (JsonSerializer<Path>) (v, t, c) -> new JsonPrimitive(v.toString()))
                .registerTypeAdapter(OptionalLong.class, (JsonSerializer<OptionalLong>)
                        (v, t, c) -> v.isPresent() ? new JsonPrimitive(v.getAsLong()) : JsonNull.INSTANCE)
                .registerTypeAdapter(OptionalInt.class, (JsonSerializer<OptionalInt>)
                        (v, t, c) -> v.isPresent() ? new JsonPrimitive(v.getAsInt()) : JsonNull.INSTANCE)
                .registerTypeAdapter(OptionalDouble.class, (JsonSerializer<OptionalDouble>)
                        (v, t, c) -> v.isPresent() ? new JsonPrimitive(v.getAsDouble()) : JsonNull.INSTANCE)
                .registerTypeHierarchyAdapter(Optional.class, (JsonSerializer<Optional<?>>)
                        (v, t, c) -> v.isPresent() ? c.serialize(v.get()) : JsonNull.INSTANCE);
    }

    private Json() {}

    static String write(Object value) {
        return GSON.toJson(value);
    }

    /** The same JSON on one line, for output that is one object per line. */
    static String compact(Object value) {
        return COMPACT.toJson(value);
    }
}
