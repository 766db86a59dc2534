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
import java.util.function.BiFunction;

/**
 * A request answered by one JSON body: the future completes with what {@code answer} makes of the body and the
 * answer's usage header, or with the typed failure.
 */
final class UnaryExchange<T> extends Exchange {

    final CompletableFuture<T> result;
    private final Endpoint endpoint;
    private final BiFunction<Object, String, T> answer;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** @param result the future to complete */
    UnaryExchange(
            ConnectionPool pool, Endpoint endpoint, BiFunction<Object, String, T> answer, CompletableFuture<T> result) {
        super(pool);
        this.endpoint = endpoint;
        this.answer = answer;
        this.result = result;
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
            result.complete(answer.apply(value, usage));
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
