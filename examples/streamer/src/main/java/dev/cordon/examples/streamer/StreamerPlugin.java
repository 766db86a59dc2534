package dev.cordon.examples.streamer;

import dev.cordon.api.plugin.ChunkSink;
import dev.cordon.api.plugin.ConfiglessPlugin;
import dev.cordon.api.plugin.Invocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams {@code n} chunks {@code {"i": 0}}, {@code {"i": 1}}, … (keyword argument {@code n}, default 3), each with
 * {@code "payload"} when that keyword argument is given, checking for cancellation between chunks; {@code execute}
 * returns them all at once. The Java twin of {@code examples/py-streamer}.
 */
public final class StreamerPlugin implements ConfiglessPlugin {

    @Override
    public String name() {
        return "streamer";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Object execute(Invocation invocation) {
        List<Object> chunks = new ArrayList<>();
        executeStream(invocation, chunks::add);
        return chunks;
    }

    @Override
    public void executeStream(Invocation invocation, ChunkSink sink) {
        long n = invocation.kwarg("n", Number.class, 3L).longValue();
        Object payload = invocation.kwargs().get("payload");
        for (long i = 0; i < n; i++) {
            invocation.context().checkCancelled();
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("i", i);
            if (payload != null) {
                chunk.put("payload", payload);
            }
            sink.emit(chunk);
        }
        invocation.context().reportUsage(Map.of("chunks", (double) n));
    }
}
