package dev.cordon.api.host;

import java.time.Duration;
import java.util.Iterator;

/**
 * A pull-style view of a streaming call: iterate the chunks, close to stop early. {@link #next()} blocks until the
 * next chunk arrives, at most the read timeout the stream was opened with; a stream that ends with an error throws
 * that typed {@link dev.cordon.api.error.PluginError} from {@code hasNext()} or {@code next()}. Closing cancels the
 * call if it is still running and releases the connection.
 *
 * @param <T> the chunk type
 */
public interface ChunkStream<T> extends Iterator<T>, AutoCloseable {

    /** The longest {@link #next()} waits for one chunk before it throws a timeout error. */
    Duration readTimeout();

    /** Stops the stream; idempotent. */
    @Override
    void close();
}
