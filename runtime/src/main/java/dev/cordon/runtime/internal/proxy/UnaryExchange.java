package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginFatalError;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** A request answered by one JSON body: the future completes with the body, or with the typed failure. */
final class UnaryExchange extends Exchange {

    final CompletableFuture<Object> result = new CompletableFuture<>();
    private final Endpoint endpoint;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    UnaryExchange(ConnectionPool pool, Endpoint endpoint) {
        super(pool);
        this.endpoint = endpoint;
    }

    @Override
    void content(ByteBuf data, boolean last) {
        copy(data, data.readableBytes(), body);
        if (!last || !finish()) {
            return;
        }
        Channel c = channel;
        Object value;
        try {
            String text = body.toString(StandardCharsets.UTF_8);
            value = text.isEmpty() ? null : PlainJson.parse(text);
        } catch (JsonInputException e) {
            pool.release(c, false);
            result.completeExceptionally(new PluginFatalError("Worker of '" + pool.plugin() + "' answered "
                    + endpoint.path() + " with malformed JSON: " + e.getMessage()));
            return;
        }
        pool.release(c, keepAlive);
        if (status >= 200 && status < 300) {
            result.complete(value);
        } else {
            result.completeExceptionally(WorkerErrors.fromStatus(status, value, endpoint.path(), pool.plugin()));
        }
    }

    @Override
    boolean fail(RuntimeException failure) {
        if (!finish()) {
            return false;
        }
        result.completeExceptionally(failure);
        return true;
    }
}
