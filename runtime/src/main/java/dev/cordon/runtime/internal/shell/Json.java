package dev.cordon.runtime.internal.shell;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The JSON form of every command's {@code --json} output: pretty-printed, nulls kept. */
final class Json {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private Json() {}

    static String write(Object value) {
        return GSON.toJson(value);
    }
}
