package dev.cordon.examples.errors;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.api.plugin.ChunkSink;
import dev.cordon.api.plugin.ConfiglessPlugin;
import dev.cordon.api.plugin.Invocation;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The Java twin of {@code examples/py-errors}: {@code execute(category, message)} throws the error it is asked for;
 * {@code executeStream(category, message, after)} first emits {@code after} chunks {@code {"i": 0}}, … . A
 * {@code category} is {@code user_input}, {@code transient}, {@code resource}, {@code fatal}, {@code cancelled}, or
 * the name of a Python exception, thrown as the Java exception the worker classifies the same way. Its monitor
 * methods exist but decline to answer (UnsupportedOperationException), which the worker answers with 501.
 */
public final class ErrorsPlugin implements ConfiglessPlugin {

    /** Python exception names and the Java exception of the same category. */
    private static final Map<String, Function<String, Throwable>> BARE = new TreeMap<>(Map.of(
            "ValueError", IllegalArgumentException::new,
            "KeyError", NoSuchElementException::new,
            "TypeError", ClassCastException::new,
            "FileNotFoundError", NoSuchFileException::new,
            "OSError", IOException::new,
            "TimeoutError", TimeoutException::new,
            "MemoryError", OutOfMemoryError::new,
            "RuntimeError", IllegalStateException::new));

    @Override
    public String name() {
        return "errors";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Object execute(Invocation invocation) throws Exception {
        throw thrown(failure(invocation));
    }

    @Override
    public void executeStream(Invocation invocation, ChunkSink sink) throws Exception {
        long after = invocation.kwarg("after", Number.class, 0L).longValue();
        for (long i = 0; i < after; i++) {
            sink.emit(Map.of("i", i));
        }
        throw thrown(failure(invocation));
    }

    /** A monitor method this plugin does not implement: the worker answers {@code /get_system_status} with 501. */
    public Map<String, Object> getSystemStatus() {
        throw new UnsupportedOperationException("errors reports no system status");
    }

    /** Not implemented either: {@code /list_processes} answers 501. */
    public Map<String, Object> listProcesses() {
        throw new UnsupportedOperationException("errors lists no processes");
    }

    /** Throws {@code failure} itself when it is an {@link Error}; otherwise returns it for the caller to throw. */
    private static Exception thrown(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (Exception) failure;
    }

    private Throwable failure(Invocation invocation) {
        String category = invocation.kwarg("category", String.class, "fatal");
        String message = invocation.kwarg("message", String.class, "requested failure");
        return switch (category) {
            case "user_input" -> new PluginInputError(message, List.of("category"), null);
            case "transient" -> new PluginTransientError(message, 2.5, null);
            case "resource" ->
                new PluginResourceError(
                        message, new ResourceShortfall(ResourceShortfall.GPU_VRAM_MB, 8000.0, 2000.0), null);
            case "fatal" -> new PluginFatalError(message);
            case "cancelled" -> new PluginCancelledError(name());
            default -> {
                Function<String, Throwable> bare = BARE.get(category);
                if (bare == null) {
                    yield new PluginInputError(
                            "unknown category '" + category + "'; use one of user_input, "
                                    + "transient, resource, fatal, cancelled or a bare exception name ("
                                    + String.join(", ", BARE.keySet()) + ")",
                            List.of("category"),
                            null);
                }
                yield bare.apply(message);
            }
        };
    }
}
