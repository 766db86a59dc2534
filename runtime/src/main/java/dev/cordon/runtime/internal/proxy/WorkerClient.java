package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.protocol.CallHeader;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.UsageHeader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The host's client of one worker (protocol v1) over a {@link ConnectionPool} of keep-alive connections.
 *
 * <p>Calls come in three forms: {@link #call} and {@link #executeReply} (blocking: the calling thread writes the
 * request and reads the answer on its own {@link CallerLoop}, crossing no other thread), {@link #callAsync} (a
 * {@link CompletableFuture} completed on a shared I/O thread; never block in its callbacks) and streams
 * ({@link #executeStream} as a pull {@link ChunkIterator}, {@link #publishStream} as a {@link Flow.Publisher}). A
 * stream reads from the socket only as fast as its consumer takes lines, so a slow consumer slows the worker through
 * TCP flow control.
 *
 * <p>Failures are typed: a {@code _job_error} answer or line becomes the exception of its category (cancellation
 * as {@link PluginCancelledError}); other non-2xx answers map by status (see {@link WorkerErrors}); a call that
 * outlives its timeout fails with {@link PluginTimeoutError} and its connection is closed; a broken connection
 * asks the handle whether the worker died ({@link WorkerHandle#deathError}) and throws that error, else a
 * transient error naming the transport fault.
 */
public final class WorkerClient implements AutoCloseable {

    private static final BiFunction<Object, String, Object> VALUE = (value, usage) -> value;
    private static final BiFunction<Object, String, Reply> REPLY =
            (value, usage) -> new Reply(value, UsageHeader.decode(usage));

    private final ConnectionPool pool;
    private final CallerLoops callers;

    /**
     * @param handle the worker (URL, token, process)
     * @param plugin the plugin or instance name used in error messages
     * @param transport the shared I/O threads
     * @param maxIdle how many idle connections to keep
     */
    public WorkerClient(WorkerHandle handle, String plugin, ProxyTransport transport, int maxIdle) {
        this.pool = new ConnectionPool(handle, plugin, transport, maxIdle);
        this.callers = transport.callers;
    }

    /**
     * One request, waiting for its answer.
     *
     * @param endpoint the endpoint, which also gives the method
     * @param body a plain JSON value, or {@code null} for none
     * @return the answer as a plain JSON value
     * @throws PluginError typed, as described on this class
     */
    public Object call(Endpoint endpoint, Object body, Duration timeout) {
        try {
            return answered(endpoint, body, timeout, CallContext.NONE, VALUE).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginCancelledError(pool.plugin());
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** One request; the future completes with the answer or a typed {@link PluginError}. */
    public CompletableFuture<Object> callAsync(Endpoint endpoint, Object body, Duration timeout) {
        return shared(endpoint, body, timeout, CallContext.NONE, VALUE);
    }

    /**
     * {@code POST /execute} of {@code call}, answered to the calling thread: the request is written on the thread's
     * own connection now, and the answer is read while this thread waits in the future's {@code get} or
     * {@code join}. Only this thread may wait for it; {@link #executeReplyAsync} is for answers awaited elsewhere.
     */
    public CompletableFuture<Reply> executeReply(Call call, Duration timeout) {
        return answered(Endpoint.EXECUTE, arguments(call.args(), call.kwargs()), timeout, call.context(), REPLY);
    }

    /** A request on the shared I/O loops, its future completed there. */
    private <T> CompletableFuture<T> shared(
            Endpoint endpoint,
            Object body,
            Duration timeout,
            CallContext context,
            BiFunction<Object, String, T> answer) {
        UnaryExchange<T> exchange = new UnaryExchange<>(pool, endpoint, answer, new CompletableFuture<>());
        pool.start(exchange, endpoint, body, timeout, context);
        return exchange.result;
    }

    /** A request on the calling thread's own loop (or, once the transport is closed, the shared path that fails). */
    private <T> CompletableFuture<T> answered(
            Endpoint endpoint,
            Object body,
            Duration timeout,
            CallContext context,
            BiFunction<Object, String, T> answer) {
        CallerLoop caller = callers.enter();
        if (caller == null) {
            return shared(endpoint, body, timeout, context, answer);
        }
        try {
            DrivenFuture<T> result = new DrivenFuture<>(caller, callers, timeout);
            UnaryExchange<T> exchange = new UnaryExchange<>(pool, endpoint, answer, result);
            result.answers(exchange);
            pool.startDriven(exchange, caller, endpoint, body, context);
            return result;
        } finally {
            callers.exit(caller);
        }
    }

    /** {@code POST /execute} with these arguments. */
    public Object execute(List<Object> args, Map<String, Object> kwargs, Duration timeout) {
        return call(Endpoint.EXECUTE, arguments(args, kwargs), timeout);
    }

    /** {@code POST /execute} without waiting. */
    public CompletableFuture<Object> executeAsync(List<Object> args, Map<String, Object> kwargs, Duration timeout) {
        return callAsync(Endpoint.EXECUTE, arguments(args, kwargs), timeout);
    }

    /** An answer and what the plugin reported with {@code report_usage} while it made it (empty: nothing). */
    public record Reply(Object value, Map<String, Double> usage) {}

    /** {@code POST /execute} of {@code call} without waiting; its context travels as {@link CallHeader}s. */
    public CompletableFuture<Object> executeAsync(Call call, Duration timeout) {
        return executeReplyAsync(call, timeout).thenApply(Reply::value);
    }

    /**
     * {@code POST /execute} of {@code call} without waiting, its context as {@link CallHeader}s; the reply carries the
     * usage the worker sent with the answer (a Cordon worker sends it when the plugin reported some; the original's
     * workers never do).
     */
    public CompletableFuture<Reply> executeReplyAsync(Call call, Duration timeout) {
        return shared(Endpoint.EXECUTE, arguments(call.args(), call.kwargs()), timeout, call.context(), REPLY);
    }

    /**
     * {@code POST /execute_stream}: the chunks, pulled one at a time. {@code idleTimeout} bounds the wait for each
     * chunk. Close the iterator to abandon the stream (its connection is closed, which cancels the call).
     */
    public ChunkIterator executeStream(List<Object> args, Map<String, Object> kwargs, Duration idleTimeout) {
        return stream(arguments(args, kwargs), CallContext.NONE, idleTimeout);
    }

    /** {@link #executeStream(List, Map, Duration)} of {@code call}; its context travels as {@link CallHeader}s. */
    public ChunkIterator executeStream(Call call, Duration idleTimeout) {
        return stream(arguments(call.args(), call.kwargs()), call.context(), idleTimeout);
    }

    private ChunkIterator stream(Object body, CallContext context, Duration idleTimeout) {
        StreamExchange exchange = new StreamExchange(pool);
        pool.start(exchange, Endpoint.EXECUTE_STREAM, body, null, context);
        return new ChunkIterator(exchange, idleTimeout);
    }

    /**
     * {@code POST /execute_stream} as a publisher for one subscriber: the call starts on subscription, chunks are
     * delivered on {@code executor} no faster than requested, and cancelling the subscription abandons the stream.
     */
    public Flow.Publisher<Object> publishStream(
            List<Object> args, Map<String, Object> kwargs, Duration idleTimeout, Executor executor) {
        return publishStream(args, kwargs, idleTimeout, executor, UnaryOperator.identity());
    }

    /** {@link #publishStream}, with each subscription's iterator passed through {@code decorate} first. */
    public Flow.Publisher<Object> publishStream(
            List<Object> args,
            Map<String, Object> kwargs,
            Duration idleTimeout,
            Executor executor,
            UnaryOperator<ChunkIterator> decorate) {
        return new StreamPublisher(() -> decorate.apply(executeStream(args, kwargs, idleTimeout)), executor);
    }

    /** {@link #publishStream(List, Map, Duration, Executor, UnaryOperator)} of {@code call}, context included. */
    public Flow.Publisher<Object> publishStream(
            Call call, Duration idleTimeout, Executor executor, UnaryOperator<ChunkIterator> decorate) {
        return new StreamPublisher(() -> decorate.apply(executeStream(call, idleTimeout)), executor);
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException r ? r : new PluginFatalError(String.valueOf(cause), cause);
    }

    private static Map<String, Object> arguments(List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("args", args == null ? List.of() : args);
        body.put("kwargs", kwargs == null ? Map.of() : kwargs);
        return body;
    }

    @Override
    public void close() {
        pool.close();
    }
}
