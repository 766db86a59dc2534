package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.manifest.JsonInputException;
import dev.cordon.manifest.PlainJson;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's client of one worker (protocol v1): keep-alive HTTP/1.1 connections with TCP_NODELAY, pooled and
 * reused, one request at a time on each; every request carries the worker's bearer token.
 *
 * <p>Calls come in three forms: {@link #call} (blocking), {@link #callAsync} (a {@link CompletableFuture} completed
 * on an I/O thread; never block in its callbacks) and streams ({@link #executeStream} as a pull
 * {@link ChunkIterator}, {@link #publishStream} as a {@link Flow.Publisher}). A stream reads from the socket only
 * as fast as its consumer takes lines, so a slow consumer slows the worker through TCP flow control.
 *
 * <p>Failures are typed: a {@code _job_error} answer or line becomes the exception of its category (cancellation
 * as {@link PluginCancelledError}); other non-2xx answers map by status (see {@link WorkerErrors}); a call that
 * outlives its timeout fails with {@link PluginTimeoutError} and its connection is closed; a broken connection
 * asks the handle whether the worker died ({@link WorkerHandle#deathError}) and throws that error, else a
 * transient error naming the transport fault.
 */
public final class WorkerClient implements AutoCloseable {

    private static final AttributeKey<Exchange> EXCHANGE = AttributeKey.valueOf("cordon.exchange");
    private static final int STREAM_BUFFERED_HIGH = 8192;
    private static final Duration DEATH_WAIT = Duration.ofMillis(500);
    private static final Object END = new Object();

    private final WorkerHandle handle;
    private final String plugin;
    private final String authorization;
    private final ProxyTransport transport;
    private final Bootstrap bootstrap;
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
    private final int maxIdle;
    private volatile boolean closed;

    /**
     * @param handle the worker (URL, token, process)
     * @param plugin the plugin or instance name used in error messages
     * @param transport the shared I/O threads
     * @param maxIdle how many idle connections to keep
     */
    public WorkerClient(WorkerHandle handle, String plugin, ProxyTransport transport, int maxIdle) {
        this.handle = handle;
        this.plugin = plugin;
        this.authorization = handle.token().map(t -> "Bearer " + t).orElse(null);
        this.transport = transport;
        this.maxIdle = maxIdle;
        this.bootstrap = new Bootstrap().group(transport.group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .remoteAddress(handle.url().getHost(), handle.url().getPort())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new Dispatcher());
                    }
                });
    }

    // ---- unary --------------------------------------------------------------------------------------------

    /**
     * One request, waiting for its answer.
     *
     * @param method {@code GET} or {@code POST}
     * @param path the endpoint, for example {@code /execute}
     * @param body a plain JSON value, or {@code null} for none
     * @return the answer as a plain JSON value
     * @throws PluginError typed, as described on this class
     */
    public Object call(String method, String path, Object body, Duration timeout) {
        try {
            return callAsync(method, path, body, timeout).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginCancelledError(plugin);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** One request; the future completes with the answer or a typed {@link PluginError}. */
    public CompletableFuture<Object> callAsync(String method, String path, Object body, Duration timeout) {
        Unary exchange = new Unary(path);
        start(exchange, method, path, body, timeout);
        return exchange.result;
    }

    /** {@code POST /execute} with these arguments. */
    public Object execute(List<Object> args, Map<String, Object> kwargs, Duration timeout) {
        return call("POST", "/execute", arguments(args, kwargs), timeout);
    }

    /** {@code POST /execute} without waiting. */
    public CompletableFuture<Object> executeAsync(List<Object> args, Map<String, Object> kwargs, Duration timeout) {
        return callAsync("POST", "/execute", arguments(args, kwargs), timeout);
    }

    // ---- streams ------------------------------------------------------------------------------------------

    /**
     * {@code POST /execute_stream}: the chunks, pulled one at a time. {@code idleTimeout} bounds the wait for each
     * chunk. Close the iterator to abandon the stream (its connection is closed, which cancels the call).
     */
    public ChunkIterator executeStream(List<Object> args, Map<String, Object> kwargs, Duration idleTimeout) {
        Streaming exchange = new Streaming();
        start(exchange, "POST", "/execute_stream", arguments(args, kwargs), null);
        return new ChunkIterator(exchange, idleTimeout);
    }

    /**
     * {@code POST /execute_stream} as a publisher for one subscriber: the call starts on subscription, chunks are
     * delivered on {@code executor} no faster than requested, and cancelling the subscription abandons the stream.
     */
    public Flow.Publisher<Object> publishStream(List<Object> args, Map<String, Object> kwargs, Duration idleTimeout,
            Executor executor) {
        return subscriber -> {
            ChunkIterator chunks = executeStream(args, kwargs, idleTimeout);
            AtomicLong demand = new AtomicLong();
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicBoolean draining = new AtomicBoolean();
            Runnable drain = new Runnable() {
                @Override
                public void run() {
                    if (!draining.compareAndSet(false, true)) {
                        return;
                    }
                    try {
                        while (!cancelled.get() && demand.get() > 0) {
                            if (!chunks.hasNext()) {
                                cancelled.set(true);
                                subscriber.onComplete();
                                return;
                            }
                            Object chunk = chunks.next();
                            demand.decrementAndGet();
                            subscriber.onNext(chunk);
                        }
                    } catch (RuntimeException e) {
                        cancelled.set(true);
                        chunks.close();
                        subscriber.onError(e);
                        return;
                    } finally {
                        draining.set(false);
                    }
                    if (!cancelled.get() && demand.get() > 0) {
                        executor.execute(this);
                    }
                }
            };
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    if (n <= 0) {
                        cancelled.set(true);
                        chunks.close();
                        subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                        return;
                    }
                    demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                    executor.execute(drain);
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                    chunks.close();
                }
            });
        };
    }

    /** Pulls the chunks of one stream; {@link #next} throws the stream's typed error when it ends with one. */
    public final class ChunkIterator implements Iterator<Object>, AutoCloseable {
        private final Streaming exchange;
        private final Duration idleTimeout;
        private List<Object> batch = List.of();
        private int index;
        private boolean done;

        ChunkIterator(Streaming exchange, Duration idleTimeout) {
            this.exchange = exchange;
            this.idleTimeout = idleTimeout;
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean hasNext() {
            if (index < batch.size()) {
                return true;
            }
            if (done) {
                return false;
            }
            Object item;
            try {
                item = exchange.queue.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new PluginCancelledError(plugin);
            }
            if (item == null) {
                close();
                throw new PluginTimeoutError(plugin, idleTimeout.toMillis() / 1000.0, null);
            }
            if (item == END) {
                done = true;
                return false;
            }
            if (item instanceof RuntimeException failure) {
                done = true;
                throw failure;
            }
            batch = (List<Object>) item;
            index = 0;
            exchange.consumed(batch.size());
            return true;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the stream has ended");
            }
            return batch.get(index++);
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                exchange.abandon();
            }
        }
    }

    // ---- connections --------------------------------------------------------------------------------------

    private void start(Exchange exchange, String method, String path, Object body, Duration timeout) {
        if (closed) {
            exchange.fail(new PluginFatalError("The client of '" + plugin + "' is closed"));
            return;
        }
        FullHttpRequest request = request(method, path, body);
        Channel pooled;
        while ((pooled = idle.pollFirst()) != null) {
            if (pooled.isActive()) {
                send(pooled, exchange, request, timeout);
                return;
            }
        }
        bootstrap.connect().addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                send(f.channel(), exchange, request, timeout);
            } else {
                ReferenceCountUtil.release(request);
                fault(exchange, f.cause());
            }
        });
    }

    private void send(Channel channel, Exchange exchange, FullHttpRequest request, Duration timeout) {
        // Everything a send does happens on the connection's event loop, handed over as one task: the timeout is
        // armed before the request leaves (so the answer always finds it to cancel), and the caller's thread
        // wakes the loop once rather than once each for the write, the timer and the read mode.
        if (channel.eventLoop().inEventLoop()) {
            sendOnLoop(channel, exchange, request, timeout);
        } else {
            channel.eventLoop().execute(() -> sendOnLoop(channel, exchange, request, timeout));
        }
    }

    private void sendOnLoop(Channel channel, Exchange exchange, FullHttpRequest request, Duration timeout) {
        if (exchange.isDone()) {
            // Abandoned (or timed out) before it was sent: the connection is still clean.
            ReferenceCountUtil.release(request);
            release(channel, true);
            return;
        }
        exchange.channel = channel;
        channel.attr(EXCHANGE).set(exchange);
        if (exchange instanceof Streaming) {
            channel.config().setAutoRead(false);
        }
        if (timeout != null) {
            var task = channel.eventLoop().schedule(() -> {
                if (exchange.fail(new PluginTimeoutError(plugin, timeout.toMillis() / 1000.0, null))) {
                    channel.close();
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            exchange.onDone = () -> task.cancel(false);
            if (exchange.isDone()) {
                // Failed from another thread (an abandoned stream) before the timer was known to it.
                task.cancel(false);
            }
        }
        channel.writeAndFlush(request).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                channel.close();
                fault(exchange, f.cause());
            } else if (exchange instanceof Streaming) {
                channel.read();
            }
        });
    }

    private FullHttpRequest request(String method, String path, Object body) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER
                : Unpooled.wrappedBuffer(PlainJson.compact(body).getBytes(StandardCharsets.UTF_8));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path,
                content);
        request.headers().set(HttpHeaderNames.HOST, handle.url().getHost())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (body != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        return request;
    }

    private void release(Channel channel, boolean keepAlive) {
        channel.attr(EXCHANGE).set(null);
        channel.config().setAutoRead(true);
        if (keepAlive && !closed && channel.isActive() && idle.size() < maxIdle) {
            idle.addFirst(channel);
        } else {
            channel.close();
        }
    }

    /** A broken connection: the worker's death if it died, else the transport error, typed as transient. */
    private void fault(Exchange exchange, Throwable cause) {
        if (exchange.isDone()) {
            return;
        }
        transport.faults.execute(() -> {
            Optional<PluginError> death = handle.deathError(DEATH_WAIT);
            exchange.fail(death.orElseGet(() -> new dev.cordon.api.error.PluginTransientError(
                    "Connection to the worker of '" + plugin + "' at " + handle.url() + " failed: " + cause, null,
                    cause)));
        });
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException r ? r : new PluginFatalError(String.valueOf(cause), cause);
    }

    private static void copy(ByteBuf data, int length, ByteArrayOutputStream out) {
        byte[] bytes = new byte[length];
        data.readBytes(bytes);
        out.write(bytes, 0, length);
    }

    private static Map<String, Object> arguments(List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("args", args == null ? List.of() : args);
        body.put("kwargs", kwargs == null ? Map.of() : kwargs);
        return body;
    }

    @Override
    public void close() {
        closed = true;
        Channel channel;
        while ((channel = idle.pollFirst()) != null) {
            channel.close();
        }
    }

    // ---- exchanges ----------------------------------------------------------------------------------------

    /** One request/response on a connection; methods other than {@link #fail} run on the connection's event loop. */
    private abstract class Exchange {
        volatile Channel channel;
        volatile Runnable onDone;
        private final AtomicBoolean done = new AtomicBoolean();
        int status;
        boolean keepAlive;

        boolean isDone() {
            return done.get();
        }

        /** Marks the exchange finished; false when it already was. */
        boolean finish() {
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
        }

        abstract void content(ByteBuf data, boolean last);

        /** Fails the exchange unless it is finished; true when this call failed it. */
        abstract boolean fail(RuntimeException failure);
    }

    private final class Unary extends Exchange {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        private final String path;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Unary(String path) {
            this.path = path;
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
                release(c, false);
                result.completeExceptionally(new PluginFatalError("Worker of '" + plugin + "' answered " + path
                        + " with malformed JSON: " + e.getMessage()));
                return;
            }
            release(c, keepAlive);
            if (status >= 200 && status < 300) {
                result.complete(value);
            } else {
                result.completeExceptionally(WorkerErrors.fromStatus(status, value, path, plugin));
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

    /**
     * A stream's exchange. The event loop parses the lines of each read into one batch and queues the batch, so the
     * consumer is woken once per read, not once per chunk; reading pauses while more than
     * {@link #STREAM_BUFFERED_HIGH} chunks wait for the consumer, which is the back-pressure towards the worker.
     */
    private final class Streaming extends Exchange {
        final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final AtomicInteger buffered = new AtomicInteger();
        private final AtomicBoolean paused = new AtomicBoolean();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final ByteArrayOutputStream errorBody = new ByteArrayOutputStream();
        private List<Object> batch;

        @Override
        void content(ByteBuf data, boolean last) {
            if (status != 200) {
                copy(data, data.readableBytes(), errorBody);
            } else {
                while (data.isReadable() && !isDone()) {
                    int newline = data.indexOf(data.readerIndex(), data.writerIndex(), (byte) '\n');
                    if (newline < 0) {
                        copy(data, data.readableBytes(), partial);
                        break;
                    }
                    int length = newline - data.readerIndex();
                    String text;
                    if (partial.size() == 0) {
                        text = data.toString(data.readerIndex(), length, StandardCharsets.UTF_8);
                        data.skipBytes(length);
                    } else {
                        copy(data, length, partial);
                        text = partial.toString(StandardCharsets.UTF_8);
                        partial.reset();
                    }
                    data.skipBytes(1);
                    line(text);
                }
                publish();
            }
            if (last) {
                if (status != 200) {
                    Object value;
                    try {
                        value = PlainJson.parse(errorBody.toString(StandardCharsets.UTF_8));
                    } catch (RuntimeException e) {
                        value = errorBody.toString(StandardCharsets.UTF_8);
                    }
                    fail(WorkerErrors.fromStatus(status, value, "/execute_stream", plugin));
                    release(channel, false);
                    return;
                }
                if (partial.size() > 0) {
                    line(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                    publish();
                }
                if (finish()) {
                    queue.add(END);
                }
                release(channel, keepAlive);
            } else if (buffered.get() < STREAM_BUFFERED_HIGH) {
                channel.read();
            } else {
                paused.set(true);
                // The consumer may have drained everything between the check and the flag.
                if (buffered.get() < STREAM_BUFFERED_HIGH && paused.compareAndSet(true, false)) {
                    channel.read();
                }
            }
        }

        private void line(String text) {
            if (text.isBlank() || isDone()) {
                return;
            }
            Object value;
            try {
                value = PlainJson.parse(text);
            } catch (JsonInputException e) {
                publish();
                fail(new PluginFatalError("Worker of '" + plugin + "' streamed a line that is not JSON: "
                        + e.getMessage()));
                channel.close();
                return;
            }
            if (value instanceof Map<?, ?> map && map.containsKey("_job_error")) {
                publish();
                fail(WorkerErrors.fromJobError(map.get("_job_error"), plugin));
                return;
            }
            if (batch == null) {
                batch = new ArrayList<>();
            }
            batch.add(value);
        }

        /** Queues the chunks parsed so far as one batch. */
        private void publish() {
            if (batch != null) {
                buffered.addAndGet(batch.size());
                queue.add(batch);
                batch = null;
            }
        }

        /** The consumer took a batch of {@code n} chunks: resume reading if it was paused and the buffer ran low. */
        void consumed(int n) {
            Channel c = channel;
            if (buffered.addAndGet(-n) < STREAM_BUFFERED_HIGH && paused.compareAndSet(true, false) && c != null
                    && !isDone()) {
                c.read();
            }
        }

        void abandon() {
            if (finish()) {
                Channel c = channel;
                if (c != null) {
                    c.close();
                }
            }
        }

        @Override
        boolean fail(RuntimeException failure) {
            if (!finish()) {
                return false;
            }
            queue.add(failure);
            return true;
        }
    }

    /** Routes a connection's responses to its current exchange. */
    private final class Dispatcher extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                Exchange exchange = ctx.channel().attr(EXCHANGE).get();
                if (exchange == null) {
                    return;
                }
                if (msg instanceof HttpResponse response) {
                    exchange.head(response);
                }
                if (msg instanceof HttpContent content) {
                    exchange.content(content.content(), msg instanceof LastHttpContent);
                } else if (exchange instanceof Streaming && ctx.channel().isActive()) {
                    ctx.channel().read();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            idle.remove(ctx.channel());
            Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange != null && !exchange.isDone()) {
                fault(exchange, new IOException("connection closed before the answer was complete"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            ctx.close();
            if (exchange != null && !exchange.isDone()) {
                fault(exchange, cause);
            }
        }
    }
}
