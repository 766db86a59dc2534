package dev.cordon.runtime.internal.proxy;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.protocol.CallHeader;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive HTTP/1.1 connections to one worker (TCP_NODELAY, one request at a time on each): takes an idle one
 * or connects, sends an {@link Exchange}'s request with its timeout armed, routes the response to the exchange and
 * takes the connection back. Every request carries the worker's bearer token.
 */
final class ConnectionPool implements AutoCloseable {

    private static final AttributeKey<Exchange> EXCHANGE = AttributeKey.valueOf("cordon.exchange");
    private static final AttributeKey<CallerLoop> CALLER = AttributeKey.valueOf("cordon.caller");
    private static final Duration DEATH_WAIT = Duration.ofMillis(500);
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final CallHeader[] CALL_HEADERS = CallHeader.values();

    private final WorkerHandle handle;
    private final String plugin;
    private final String authorization;
    private final ProxyTransport transport;
    private final Bootstrap bootstrap;
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
    private final int maxIdle;
    private volatile boolean closed;

    ConnectionPool(WorkerHandle handle, String plugin, ProxyTransport transport, int maxIdle) {
        this.handle = handle;
        this.plugin = plugin;
        this.authorization = handle.token().map(t -> "Bearer " + t).orElse(null);
        this.transport = transport;
        this.maxIdle = maxIdle;
        this.bootstrap = bootstrap(transport.next()).channel(NioSocketChannel.class);
    }

    private Bootstrap bootstrap(EventLoopGroup group) {
        return new Bootstrap()
                .group(group)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .remoteAddress(handle.url().getHost(), handle.url().getPort())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new Dispatcher());
                    }
                });
    }

    /** A connection on {@code caller}'s own loop, its socket one the loop can close when its thread has ended. */
    private Bootstrap bootstrap(CallerLoop caller) {
        return bootstrap(caller.loop).channelFactory((ChannelFactory<Channel>) () -> {
            NioSocketChannel channel = new NioSocketChannel(caller.nio.socket());
            channel.attr(CALLER).set(caller);
            return channel;
        });
    }

    /** The plugin or instance name used in error messages. */
    String plugin() {
        return plugin;
    }

    /**
     * Sends {@code body} to {@code endpoint} as the exchange's request on a shared loop's connection, with the call's
     * context as {@link CallHeader}s when it has any; {@code timeout} may be {@code null}.
     */
    void start(Exchange exchange, Endpoint endpoint, Object body, Duration timeout, CallContext context) {
        FullHttpRequest request = requestFor(exchange, endpoint, body, context);
        if (request == null) {
            return;
        }
        Channel pooled;
        while ((pooled = idle.pollFirst()) != null) {
            if (pooled.isActive()) {
                send(pooled, exchange, request, timeout);
                return;
            }
        }
        connectAndSend(bootstrap, exchange, request, timeout);
    }

    /**
     * Sends {@code body} to {@code endpoint} on {@code caller}'s own connection to the worker, on the calling thread
     * (its owner): the request is written before this returns, unless a connection must be made first; the answer
     * arrives while the owner runs its loop. No timer is armed: whoever waits enforces the timeout.
     */
    void startDriven(Exchange exchange, CallerLoop caller, Endpoint endpoint, Object body, CallContext context) {
        FullHttpRequest request = requestFor(exchange, endpoint, body, context);
        if (request == null) {
            return;
        }
        caller.started();
        exchange.onDone = caller::ended;
        Channel channel = caller.takeIdle(this);
        if (channel != null) {
            sendOnLoop(channel, exchange, request, null);
        } else {
            connectAndSend(bootstrap(caller), exchange, request, null);
        }
    }

    /** The exchange's request, or {@code null} when the exchange was failed instead (closed, or unsendable input). */
    private FullHttpRequest requestFor(Exchange exchange, Endpoint endpoint, Object body, CallContext context) {
        if (closed) {
            exchange.fail(new PluginFatalError("The client of '" + plugin + "' is closed"));
            return null;
        }
        try {
            return request(endpoint, body, context);
        } catch (JsonInputException e) {
            exchange.fail(unsendable(endpoint, e));
            return null;
        }
    }

    private void connectAndSend(Bootstrap connector, Exchange exchange, FullHttpRequest request, Duration timeout) {
        connector.connect().addListener((ChannelFuture f) -> {
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
        if (!channel.isActive()) {
            // A pooled connection closed after it was taken from the pool (a close queued on its loop before this
            // send, such as an abandoned stream's): nothing was sent on it, so a fresh connection carries the request.
            CallerLoop caller = channel.attr(CALLER).get();
            connectAndSend(caller == null ? bootstrap : bootstrap(caller), exchange, request, timeout);
            return;
        }
        exchange.channel = channel;
        channel.attr(EXCHANGE).set(exchange);
        if (exchange.pulled()) {
            channel.config().setAutoRead(false);
        }
        if (timeout != null) {
            var task = channel.eventLoop()
                    .schedule(() -> exchange.expire(timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
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
            } else if (exchange.pulled()) {
                channel.read();
            }
        });
    }

    private FullHttpRequest request(Endpoint endpoint, Object body, CallContext context) {
        ByteBuf content = body == null
                ? Unpooled.EMPTY_BUFFER
                : Unpooled.wrappedBuffer(
                        PlainJson.compact(body, Endpoint.BODY_MAX_DEPTH).getBytes(StandardCharsets.UTF_8));
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.valueOf(endpoint.method()), endpoint.path(), content);
        request.headers()
                .set(HttpHeaderNames.HOST, handle.url().getHost())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (body != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        if (!context.isEmpty()) {
            for (CallHeader h : CALL_HEADERS) {
                h.in(context).ifPresent(value -> request.headers().set(h.header(), value));
            }
        }
        return request;
    }

    /**
     * The caller's input has no JSON form the worker would accept (NaN, an infinite number, nesting too deep):
     * refused here, before anything is sent, as the caller's error.
     */
    private PluginInputError unsendable(Endpoint endpoint, JsonInputException e) {
        String why = switch (e.reason()) {
            case TOO_DEEP ->
                "arguments and configs may nest at most " + PlainJson.MAX_DEPTH + " levels of arrays and "
                        + "objects (worker protocol v1), and " + e.path() + " is deeper; flatten it";
            case NON_FINITE -> e.getMessage() + "; send a finite number or null";
            case MALFORMED, TOO_LARGE -> e.getMessage();
        };
        return new PluginInputError(
                "Cannot send " + endpoint.path() + " to the worker of '" + plugin + "': " + why, List.of(e.path()), e);
    }

    /** Takes a connection back after its exchange: idle for the next request, or closed. */
    void release(Channel channel, boolean keepAlive) {
        channel.attr(EXCHANGE).set(null);
        channel.config().setAutoRead(true);
        CallerLoop caller = channel.attr(CALLER).get();
        if (caller != null) {
            caller.park(this, channel, keepAlive && !closed && channel.isActive());
        } else if (keepAlive && !closed && channel.isActive() && idle.size() < maxIdle) {
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
        String what = "Connection to the worker of '" + plugin + "' at " + handle.url() + " failed: " + cause;
        try {
            transport.faults.execute(() -> {
                Optional<PluginError> death = handle.deathError(DEATH_WAIT);
                exchange.fail(death.orElseGet(() -> new PluginTransientError(what, null, cause)));
            });
        } catch (RejectedExecutionException e) {
            // The transport is closing: no thread is left to ask the worker how it ended.
            exchange.fail(new PluginTransientError(what, null, cause));
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the idle shared connections; a calling thread's own connection is closed at its next call or reap. */
    @Override
    public void close() {
        closed = true;
        Channel channel;
        while ((channel = idle.pollFirst()) != null) {
            channel.close();
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
                if (msg instanceof LastHttpContent last
                        && !last.trailingHeaders().isEmpty()) {
                    exchange.trailers(last.trailingHeaders());
                }
                if (msg instanceof HttpContent content) {
                    exchange.content(content.content(), msg instanceof LastHttpContent);
                } else if (exchange.pulled() && ctx.channel().isActive()) {
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
