package dev.cordon.worker.internal;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.TracebackPolicy;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.JobErrorJson;
import dev.cordon.protocol.UsageHeader;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's HTTP/1.1 server on {@code 127.0.0.1:0}: keep-alive, TCP_NODELAY. Every request is authenticated
 * first. Failures are answered as the protocol says: {@code {"detail": …}} for refused requests,
 * {@code {"_job_error": …}} with a status by category for plugin failures, and a final {@code _job_error} line on
 * a stream. What the worker reads is bounded: the request line and headers (414, 431), the body (413), its nesting
 * (400 with a {@code user_input} JobError) and the time from a request's first byte to its last (408,
 * {@link RequestDeadline}).
 *
 * <p>Each connection gets an I/O thread of its own while there are fewer than {@value #IO_THREADS} connections
 * ({@link ConnectionLoops}; threads start on first use). A unary request on such a connection runs on that thread:
 * HTTP/1.1 answers a connection's requests one at a time anyway, and requests on other connections — a
 * {@code /cancel} during a long {@code /execute} — are served by their own threads, so nothing waits that would not
 * have waited, and a call costs no hand-over between threads. Streams, and requests on a connection that shares its
 * thread, run on the {@code cordon-call-N} threads.
 *
 * <p>The plain requests a host sends are read by {@link PlainRequestReader} and answered as one buffer; anything
 * else goes through Netty's HTTP codec with its limits. While requests come back to back, an I/O thread polls its
 * sockets briefly before it sleeps ({@link SpinBeforeSleep}).
 */
public final class WorkerServer implements AutoCloseable {

    private final PluginRunner host;
    private final byte[] expectedAuth;
    private final int maxBodyBytes;
    private static final int IO_THREADS = 32;
    /** The pipeline name of Netty's aggregator, after which {@link PlainRequestReader} hands its requests on. */
    private static final String AGGREGATOR = "aggregator";
    /**
     * The default time from a connection's acceptance, or a request's first byte, to the request's last byte; an
     * incomplete request is answered 408 and its connection closed. {@code CORDON_HEAD_TIMEOUT_MS} overrides it.
     */
    static final long REQUEST_DEADLINE_MILLIS = 10_000;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup group;
    private final ConnectionLoops loops = new ConnectionLoops();
    private final ExecutorService calls;
    private final Channel server;
    private final InFlight inFlight = new InFlight();
    private final Replies replies;

    /**
     * Binds and starts serving.
     *
     * @param host the plugin driver
     * @param token the bearer token every request must carry
     * @param maxBodyBytes the largest accepted request body
     * @param policy how much failure detail goes into errors
     * @param instanceId the instance id for errors, or {@code null}
     * @param requestDeadlineMillis how long a request may take to arrive, from its connection's acceptance or its
     *     first byte
     * @throws InterruptedException if interrupted while binding
     */
    WorkerServer(
            PluginRunner host,
            String token,
            int maxBodyBytes,
            TracebackPolicy policy,
            String instanceId,
            long requestDeadlineMillis)
            throws InterruptedException {
        this.host = host;
        this.expectedAuth = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
        this.replies = new Replies(inFlight, host.name(), instanceId, policy);
        this.acceptor = new MultiThreadIoEventLoopGroup(1, named("cordon-accept", false), NioIoHandler.newFactory());
        this.group = new MultiThreadIoEventLoopGroup(
                IO_THREADS,
                new ThreadPerTaskExecutor(named("cordon-io", false)),
                loops,
                NioIoHandler.newFactory(
                        SelectorProvider.provider(), SpinBeforeSleep.factory(SpinBeforeSleep.configuredMicros())));
        this.calls = Executors.newCachedThreadPool(named("cordon-call", true));
        this.server = new ServerBootstrap()
                .group(acceptor, group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        loops.track(ch);
                        RequestDeadline deadline = new RequestDeadline(requestDeadlineMillis);
                        ch.pipeline()
                                .addLast("deadline", deadline)
                                .addLast("plain", new PlainRequestReader(maxBodyBytes, AGGREGATOR))
                                .addLast("decoder", new RequestDecoder())
                                .addLast(Replies.ENCODER, new HttpResponseEncoder())
                                .addLast(AGGREGATOR, new BodyLimit(maxBodyBytes, deadline))
                                .addLast("handler", new Handler(deadline));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    /** The bound port. */
    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops taking requests: connections stay open, and every request from now on is answered 503. */
    void stopTaking() {
        inFlight.stop();
        server.close();
    }

    /**
     * Waits until every request taken before {@link #stopTaking} has its answer written, for at most
     * {@code millis}; {@code false} when time ran out.
     */
    boolean awaitAnswered(long millis) {
        return inFlight.awaitAnswered(millis);
    }

    /**
     * Closes every connection and ends the I/O threads at once (no quiet period: nothing more is to come), waiting
     * for them to end for at most {@code millis}, so that none is left blocked in the kernel when the JVM exits.
     */
    void close(long millis) {
        inFlight.stop();
        server.close();
        List<EventExecutor> loops = new ArrayList<>(this.loops.used());
        loops.add(acceptor.next());
        for (EventExecutor loop : loops) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
        calls.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (EventExecutor loop : loops) {
            loop.terminationFuture()
                    .awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    @Override
    public void close() {
        close(1000);
    }

    private static ThreadFactory named(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }

    /** Answers an over-long body with 413 and {@code {"detail": …}} instead of Netty's empty default. */
    private final class BodyLimit extends HttpObjectAggregator {
        private final RequestDeadline deadline;

        BodyLimit(int max, RequestDeadline deadline) {
            super(max);
            this.deadline = deadline;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            deadline.complete();
            inFlight.begin();
            String length = oversized.headers().get(HttpHeaderNames.CONTENT_LENGTH);
            String detail = "request body" + (length != null ? " of " + length + " bytes" : "")
                    + " exceeds the worker's limit of " + maxBodyBytes + " bytes";
            boolean keepAlive = HttpUtil.isKeepAlive(oversized) && length != null;
            FullHttpResponse response =
                    Replies.response(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Replies.detail(detail));
            replies.send(ctx, response, keepAlive);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final RequestDeadline deadline;

        Handler(RequestDeadline deadline) {
            this.deadline = deadline;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            deadline.complete();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!inFlight.begin()) {
                replies.send(
                        ctx,
                        Replies.response(
                                HttpResponseStatus.SERVICE_UNAVAILABLE,
                                Replies.detail("the worker of plugin '" + host.name() + "' is stopping; "
                                        + "send the request to the instance's next worker")),
                        false);
                return;
            }
            if (request.decoderResult().isFailure()) {
                replies.send(ctx, Replies.malformed(request.decoderResult().cause()), false);
                return;
            }
            if (request.headers().size() > RequestDecoder.MAX_HEADERS) {
                replies.send(
                        ctx,
                        Replies.response(
                                HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                                Replies.detail(request.headers().size() + " header lines exceed the worker's limit of "
                                        + RequestDecoder.MAX_HEADERS)),
                        false);
                return;
            }
            String path = request.uri();
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            Endpoint endpoint;
            Object body;
            String stamp;
            try {
                authenticate(request);
                endpoint = Endpoint.of(path);
                if (endpoint == null) {
                    throw new ProtocolException(404, "no endpoint '" + path + "' in worker protocol v1");
                }
                String method = request.method().name();
                if (!endpoint.method().equals(method)) {
                    throw new ProtocolException(
                            405,
                            endpoint.path() + " accepts " + endpoint.method() + ", not " + method,
                            "Allow",
                            endpoint.method());
                }
                body = parse(request, method + " " + path);
                stamp = CallStamps.of(request, endpoint);
            } catch (ProtocolException e) {
                replies.refuse(ctx, e, keepAlive);
                return;
            } catch (PluginInputError e) {
                replies.refuseInput(ctx, e, keepAlive);
                return;
            }
            if (immediate(endpoint) || (endpoint != Endpoint.EXECUTE_STREAM && loops.exclusive(ctx.channel()))) {
                answer(ctx, endpoint, body, keepAlive, stamp);
            } else {
                // A stream's producer needs the processor more than this loop's polling does.
                SpinBeforeSleep spin = endpoint == Endpoint.EXECUTE_STREAM ? SpinBeforeSleep.ofThisLoop() : null;
                if (spin != null) {
                    spin.pause();
                }
                try {
                    calls.execute(() -> {
                        try {
                            answer(ctx, endpoint, body, keepAlive, stamp);
                        } finally {
                            if (spin != null) {
                                resumeOnLoop(ctx, spin);
                            }
                        }
                    });
                } catch (RejectedExecutionException e) {
                    // The worker is closing: the connection goes with it.
                    if (spin != null) {
                        spin.resume();
                    }
                    ctx.close();
                    inFlight.end();
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            StreamSink sink = ctx.channel().attr(StreamSink.KEY).get();
            if (sink != null) {
                sink.writabilityChanged();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            StreamSink sink = ctx.channel().attr(StreamSink.KEY).get();
            if (sink != null) {
                sink.writabilityChanged();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static void resumeOnLoop(ChannelHandlerContext ctx, SpinBeforeSleep spin) {
        try {
            ctx.executor().execute(spin::resume);
        } catch (RejectedExecutionException e) {
            // The loop has ended: there is nothing left to poll.
        }
    }

    /** Whether the endpoint never waits for a running plugin call, so it is answered on the I/O thread. */
    private static boolean immediate(Endpoint endpoint) {
        return endpoint == Endpoint.HEALTH || endpoint == Endpoint.PROGRESS;
    }

    private void authenticate(FullHttpRequest request) {
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expectedAuth)) {
            throw new ProtocolException(
                    401, "missing or wrong bearer token", "WWW-Authenticate", "Bearer realm=\"cordon-worker\"");
        }
    }

    private static Object parse(FullHttpRequest request, String what) {
        ByteBuf content = request.content();
        if (!content.isReadable()) {
            return null;
        }
        try {
            return PlainJson.parse(content.toString(StandardCharsets.UTF_8), Endpoint.BODY_MAX_DEPTH);
        } catch (JsonInputException e) {
            if (e.reason() == JsonInputException.Reason.TOO_DEEP) {
                // The arguments are the caller's input: answered as a typed input error, not as a broken request.
                throw new PluginInputError(
                        "request body of " + what + " nests deeper than " + Endpoint.BODY_MAX_DEPTH
                                + " levels at " + e.path() + ": arguments and configs may nest at most "
                                + PlainJson.MAX_DEPTH
                                + " levels of arrays and objects (worker protocol v1)",
                        List.of(e.path()),
                        null);
            }
            throw new ProtocolException(400, "request body of " + what + " is not valid JSON: " + e.getMessage());
        }
    }

    private void answer(ChannelHandlerContext ctx, Endpoint endpoint, Object body, boolean keepAlive, String stamp) {
        WorkerLog.beginStamp(stamp);
        try {
            answer(ctx, endpoint, body, keepAlive);
        } finally {
            WorkerLog.endStamp(stamp);
        }
    }

    private void answer(ChannelHandlerContext ctx, Endpoint endpoint, Object body, boolean keepAlive) {
        try {
            if (endpoint == Endpoint.EXECUTE_STREAM) {
                stream(ctx, body, keepAlive);
                return;
            }
            if (endpoint == Endpoint.EXECUTE) {
                PluginRunner.Outcome outcome = host.execute(PluginRunner.callArgs(body, endpoint.path()));
                FullHttpResponse response = Replies.response(HttpResponseStatus.OK, outcome.text());
                if (outcome.usage() != null) {
                    response.headers().set(UsageHeader.NAME, UsageHeader.encode(outcome.usage()));
                }
                replies.send(ctx, response, keepAlive);
                return;
            }
            Object result = switch (endpoint) {
                case HEALTH -> host.health();
                case STATS -> host.stats();
                case USAGE -> host.usage();
                case INITIALIZE -> host.initialize(body);
                case PREFETCH -> host.prefetch();
                case RECONFIGURE -> host.reconfigure(body);
                case CONFIG_SCHEMA -> host.configSchema();
                case CONFIG -> host.config();
                case CONFIG_OPTIONS -> host.configOptions();
                case CANCEL -> host.cancel();
                case PROGRESS -> host.progress();
                case ON_ENABLE -> host.onEnable();
                case ON_DISABLE -> host.onDisable();
                case GET_SYSTEM_STATUS -> host.monitor(endpoint);
                case LIST_PROCESSES -> host.monitor(endpoint);
                case CLEANUP -> host.cleanup();
                case EXECUTE, EXECUTE_STREAM -> throw new IllegalStateException("calls are answered above");
            };
            replies.send(ctx, Replies.response(HttpResponseStatus.OK, answerText(result, endpoint)), keepAlive);
        } catch (ProtocolException e) {
            replies.refuse(ctx, e, keepAlive);
        } catch (PluginFailure failure) {
            replies.fail(ctx, failure.getCause(), keepAlive);
        } catch (RuntimeException e) {
            replies.fail(ctx, e, keepAlive);
        }
    }

    /** The answer's text; a value the host could not read (nested too deep) is the plugin's failure. */
    private String answerText(Object result, Endpoint endpoint) {
        try {
            return PlainJson.compactUnicode(result);
        } catch (JsonInputException e) {
            throw new PluginFailure(new PluginFatalError("plugin '" + host.name() + "' answered " + endpoint.path()
                    + " with a value that cannot be sent: " + e.getMessage()));
        }
    }

    private void stream(ChannelHandlerContext ctx, Object body, boolean keepAlive) {
        PluginRunner.CallArgs call = PluginRunner.callArgs(body, Endpoint.EXECUTE_STREAM.path());
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson");
        HttpUtil.setTransferEncodingChunked(head, true);
        StreamSink sink = new StreamSink(ctx.channel(), host.name());
        ctx.channel().attr(StreamSink.KEY).set(sink);
        ctx.writeAndFlush(head);
        Map<String, Double> usage = null;
        try {
            usage = host.executeStream(call, sink).usage();
        } catch (RuntimeException e) {
            Throwable failure = e instanceof PluginFailure ? e.getCause() : e;
            if (sink.clientGone()) {
                WorkerLog.info("the client of a stream from plugin '" + host.name() + "' went away; stream stopped");
                ctx.channel().attr(StreamSink.KEY).set(null);
                ctx.close();
                inFlight.end();
                return;
            }
            try {
                sink.emitLine(PlainJson.compactUnicode(Map.of(JobErrorJson.KEY, replies.jobError(failure))));
            } catch (PluginCancelledError gone) {
                ctx.close();
                inFlight.end();
                return;
            }
        }
        ctx.channel().attr(StreamSink.KEY).set(null);
        sink.finish(usage)
                .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE)
                .addListener(inFlight.endOnWrite);
    }
}
