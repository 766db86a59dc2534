package dev.cordon.api.plugin;

/**
 * Where a streaming execute emits its chunks. {@link #emit} blocks while the consumer is behind (back-pressure)
 * and throws {@link dev.cordon.api.error.PluginCancelledError} once the call is cancelled or the consumer is gone.
 */
@FunctionalInterface
public interface ChunkSink {

    /** Sends one chunk: a JSON value or a record, as for {@link Plugin#execute} results. */
    void emit(Object chunk);
}
