package dev.cordon.boot.internal.control;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's control channel: a Unix-domain socket in the data folder, mode 0600, that {@code bin/cordon
 * shell} attaches to instead of booting a second runtime. A client whose user is not the socket's owner is
 * turned away, on top of the file mode.
 */
public final class ControlServer implements AutoCloseable {

    /** The socket file inside the data folder. */
    public static final String SOCKET = "cordon.sock";

    private static final Duration JOIN = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final ServerSocketChannel server;
    private final Path socket;
    private final UserPrincipal owner;
    private final CommandSessions sessions;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final ScheduledExecutorService alive;
    private final Thread acceptor;

    private ControlServer(ServerSocketChannel server, Path socket, UserPrincipal owner, CommandSessions sessions) {
        this.server = server;
        this.socket = socket;
        this.owner = owner;
        this.sessions = sessions;
        this.alive = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cordon-control-alive"));
        this.acceptor = daemon(this::acceptLoop, "cordon-control-accept");
    }

    /**
     * Listens on {@code <dataDir>/cordon.sock}. The caller must hold the data folder's lock: a socket file found
     * there is then one a killed runtime left, and is replaced.
     *
     * @throws IOException when the socket cannot be created, for example a path longer than the system allows
     */
    public static ControlServer start(Path dataDir, CommandSessions sessions) throws IOException {
        Path socket = dataDir.resolve(SOCKET);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            ControlServer control = new ControlServer(server, socket, Files.getOwner(socket), sessions);
            control.acceptor.start();
            return control;
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(socket);
            throw new IOException("Cannot open the control socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** The socket file. */
    public Path socket() {
        return socket;
    }

    /** Stops accepting, disconnects every client, waits for their handlers and removes the socket file. */
    @Override
    public void close() {
        closeQuietly(server);
        clients.forEach(ControlServer::closeQuietly);
        alive.shutdownNow();
        join(acceptor);
        handlers.forEach(ControlServer::join);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("Cannot remove the control socket {}: {}", socket, e.getMessage());
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("Control socket {}: accept failed: {}", socket, e.getMessage());
                continue;
            }
            if (!fromOwner(client)) {
                closeQuietly(client);
                continue;
            }
            clients.add(client);
            Thread handler = daemon(() -> serve(client), "cordon-control-" + ids.incrementAndGet());
            handlers.add(handler);
            handler.start();
        }
    }

    private boolean fromOwner(SocketChannel client) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (Objects.equals(peer.user().getName(), owner.getName())) {
                return true;
            }
            LOG.warn(
                    "Control socket {}: refused a client of user {}; only {} may attach",
                    socket,
                    peer.user().getName(),
                    owner.getName());
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Control socket {}: cannot tell who connected ({}); refused", socket, e.getMessage());
            return false;
        }
    }

    private void serve(SocketChannel client) {
        RequestInput input = new RequestInput();
        try (client;
                CommandSessions.Session session = sessions.open(
                        input, new FrameStream(client, Frames.OUT), new FrameStream(client, Frames.ERR))) {
            while (client.isOpen()) {
                Frames.Request request = Frames.request(Frames.read(client));
                input.set(request.input());
                ScheduledFuture<?> beat = alive.scheduleAtFixedRate(
                        () -> sendAlive(client),
                        Frames.ALIVE_EVERY.toMillis(),
                        Frames.ALIVE_EVERY.toMillis(),
                        TimeUnit.MILLISECONDS);
                int status;
                try {
                    status = session.run(request.lines(), request.commandWait());
                } finally {
                    beat.cancel(false);
                }
                synchronized (client) {
                    Frames.writeExit(client, status);
                }
            }
        } catch (EOFException | ClosedChannelException gone) {
            // The client left: its session ends with it.
        } catch (IOException | RuntimeException e) {
            LOG.warn("Control socket {}: a client session failed: {}", socket, e.toString());
        } finally {
            clients.remove(client);
            handlers.remove(Thread.currentThread());
        }
    }

    private static void sendAlive(SocketChannel client) {
        try {
            synchronized (client) {
                Frames.write(client, Frames.ALIVE, new byte[0]);
            }
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do with it.
        }
    }

    /** What a command prints, sent to the client as frames of one type as it is written. */
    private static final class FrameStream extends OutputStream {
        private final SocketChannel client;
        private final byte type;

        FrameStream(SocketChannel client, byte type) {
            this.client = client;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            byte[] chunk = Arrays.copyOfRange(b, off, off + len);
            synchronized (client) {
                Frames.write(client, type, chunk);
            }
        }
    }

    /** The session's standard input: what the client's own stdin held with its current request. */
    private static final class RequestInput extends java.io.InputStream {
        private volatile java.io.ByteArrayInputStream current = new java.io.ByteArrayInputStream(new byte[0]);

        void set(byte[] bytes) {
            current = new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return current.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return current.read(b, off, len);
        }

        @Override
        public int available() {
            return current.available();
        }
    }
}
