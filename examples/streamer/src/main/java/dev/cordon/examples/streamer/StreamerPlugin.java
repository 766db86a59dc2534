package dev.cordon.examples.streamer;

import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.plugin.ChunkSink;
import dev.cordon.api.plugin.Invocation;
import dev.cordon.api.plugin.Plugin;
import java.util.Map;

/**
 * Streams {@code n} chunks {@code {"i": 0}}, {@code {"i": 1}}, … (keyword argument {@code n}, default 10); with
 * {@code fail_at} it fails with a transient error after that many chunks. {@code execute} returns the count.
 */
public final class StreamerPlugin implements Plugin<StreamerPlugin.Config> {

    /** No settings. */
    public record Config() {}

    @Override
    public String name() {
        return "streamer";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public void initialize(Config config) {}

    @Override
    public Config currentConfig() {
        return new Config();
    }

    @Override
    public Object execute(Invocation invocation) {
        return Map.of("n", invocation.kwarg("n", Long.class, 10L));
    }

    @Override
    public void executeStream(Invocation invocation, ChunkSink sink) {
        long n = invocation.kwarg("n", Long.class, 10L);
        long failAt = invocation.kwarg("fail_at", Long.class, -1L);
        for (long i = 0; i < n; i++) {
            if (i == failAt) {
                throw new PluginTransientError("stream broke at chunk " + i, 1.0, null);
            }
            sink.emit(Map.of("i", i));
        }
    }
}
