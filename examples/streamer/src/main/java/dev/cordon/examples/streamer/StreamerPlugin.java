package dev.cordon.examples.streamer;

import dev.cordon.api.plugin.ChunkSink;
import dev.cordon.api.plugin.ConfiglessPlugin;
import dev.cordon.api.plugin.Invocation;
import dev.cordon.api.plugin.PluginContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Streams {@code n} chunks {@code {"i": 0}}, {@code {"i": 1}}, … (keyword argument {@code n}, default 3), each with
 * {@code "payload"} when that keyword argument is given, waiting {@code pause_seconds} (default 0) between chunks and
 * checking for cancellation between chunks (a cancel ends a pause at once); {@code execute} returns them all at once.
 * The Java twin of {@code examples/py-streamer}.
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
    public Object execute(Invocation invocation) throws InterruptedException {
        List<Object> chunks = new ArrayList<>();
        executeStream(invocation, chunks::add);
        return chunks;
    }

    @Override
    public void executeStream(Invocation invocation, ChunkSink sink) throws InterruptedException {
        long n = invocation.kwarg("n", Number.class, 3L).longValue();
        Object payload = invocation.kwargs().get("payload");
        long pauseNanos =
                (long) (invocation.kwarg("pause_seconds", Number.class, 0.0).doubleValue() * 1e9);
        PluginContext context = invocation.context();
        CountDownLatch cancelled = new CountDownLatch(1);
        try (var scope = context.cancelScope(cancelled::countDown)) {
            for (long i = 0; i < n; i++) {
                context.checkCancelled();
                if (i > 0 && pauseNanos > 0) {
                    cancelled.await(pauseNanos, TimeUnit.NANOSECONDS);
                    context.checkCancelled();
                }
                Map<String, Object> chunk = new LinkedHashMap<>();
                chunk.put("i", i);
                if (payload != null) {
                    chunk.put("payload", payload);
                }
                sink.emit(chunk);
            }
        }
        context.reportUsage(Map.of("chunks", (double) n));
    }
}
