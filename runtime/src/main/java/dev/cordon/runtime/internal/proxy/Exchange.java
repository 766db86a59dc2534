package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.protocol.UsageHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request and its response on a pooled connection. Methods other than {@link #fail} run on the connection's
 * event loop; {@link #fail} may come from any thread (a timeout, an abandoned stream, a transport fault).
 */
abstract class Exchange {

    final ConnectionPool pool;
    volatile Channel channel;
    volatile Runnable onDone;
    private final AtomicBoolean done = new AtomicBoolean();
    int status;
    boolean keepAlive;
    /** The {@link UsageHeader} of the answer (header or trailer), or {@code null}. */
    volatile String usage;

    Exchange(ConnectionPool pool) {
        this.pool = pool;
    }

    /** Whether the exchange reads its response only as fast as its consumer asks ({@code autoRead} off). */
    boolean pulled() {
        return false;
    }

    final boolean isDone() {
        return done.get();
    }

    /** Marks the exchange finished; false when it already was. */
    final boolean finish() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        Runnable r = onDone;
        if (r != null) {
            r.run();
        }
        return true;
    }

    void head(HttpResponse response) {
        status = response.status().code();
        keepAlive = HttpUtil.isKeepAlive(response);
        usage = response.headers().get(UsageHeader.NAME);
    }

    /** The trailer of a chunked answer, read before its last piece of content is handed over. */
    void trailers(HttpHeaders trailers) {
        String value = trailers.get(UsageHeader.NAME);
        if (value != null) {
            usage = value;
        }
    }

    /** Fails the exchange as timed out after {@code timeout} and closes its connection, unless it is finished. */
    final void expire(Duration timeout) {
        if (fail(new PluginTimeoutError(pool.plugin(), timeout.toMillis() / 1000.0, null))) {
            Channel c = channel;
            if (c != null) {
                c.close();
            }
        }
    }

    /** A piece of the response body; {@code last} on the final one. */
    abstract void content(ByteBuf data, boolean last);

    /** Fails the exchange unless it is finished; true when this call failed it. */
    abstract boolean fail(RuntimeException failure);

    static void copy(ByteBuf data, int length, ByteArrayOutputStream out) {
        byte[] bytes = new byte[length];
        data.readBytes(bytes);
        out.write(bytes, 0, length);
    }
}
