package dev.cordon.runtime.internal.manager;

import dev.cordon.api.host.ChunkStream;
import dev.cordon.runtime.internal.proxy.ChunkIterator;
import java.time.Duration;

/** A stream admitted to an instance; its end, its error or its close finishes the admission. */
final class AdmittedStream implements ChunkStream<Object> {

    private final Admission admission;
    private final ChunkIterator chunks;
    private final Duration readTimeout;

    AdmittedStream(Admission admission, ChunkIterator chunks, Duration readTimeout) {
        this.admission = admission;
        this.chunks = chunks;
        this.readTimeout = readTimeout;
        admission.carried(chunks::usage);
    }

    @Override
    public boolean hasNext() {
        try {
            boolean more = chunks.hasNext();
            if (!more) {
                admission.finish(true);
            }
            return more;
        } catch (RuntimeException e) {
            admission.finish(false);
            throw e;
        }
    }

    @Override
    public Object next() {
        try {
            return chunks.next();
        } catch (RuntimeException e) {
            admission.finish(false);
            throw e;
        }
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public void close() {
        chunks.close();
        admission.finish(false);
    }
}
