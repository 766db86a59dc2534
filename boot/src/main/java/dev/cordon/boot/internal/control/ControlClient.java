package dev.cordon.boot.internal.control;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A shell attached to a running runtime through its control socket: it sends command lines and prints what they
 * print, as they print it.
 */
public final class ControlClient implements AutoCloseable {

    /** How long the client waits without hearing anything (the server sends a beat every few seconds). */
    // Not Duration.multipliedBy: it goes through BigDecimal, whose set-up costs every command's start about 10 ms.
    static final Duration SILENCE = Duration.ofMillis(Frames.ALIVE_EVERY.toMillis() * 6);

    private static final String SOCKET = ControlServer.SOCKET;
    private static final Frames.Frame CLOSED = new Frames.Frame(Frames.EXIT, new byte[0]);

    private final SocketChannel channel;
    private final Path socket;
    private final BlockingQueue<Frames.Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    private ControlClient(SocketChannel channel, Path socket) {
        this.channel = channel;
        this.socket = socket;
        this.reader = new Thread(this::readLoop, "cordon-attach-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to the runtime that owns {@code dataDir}.
     *
     * @return empty when no runtime listens there (no socket file, or one a killed runtime left behind)
     */
    public static Optional<ControlClient> connect(Path dataDir) {
        Path socket = dataDir.resolve(SOCKET);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return Optional.of(new ControlClient(channel, socket));
            } catch (IOException | RuntimeException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs command lines in the attached runtime, copying their output to {@code out} and {@code err}.
     *
     * @return the runtime's exit status for them: 0 when all succeeded
     * @throws IOException when the runtime goes away or stays silent longer than {@link #SILENCE}
     */
    public int run(List<String> lines, Duration wait, OutputStream out, OutputStream err) throws IOException {
        return run(lines, wait, pipedInput(), out, err);
    }

    /**
     * Runs command lines with {@code input} as their standard input, not this process's.
     *
     * @see #run(List, Duration, OutputStream, OutputStream)
     */
    public int run(List<String> lines, Duration wait, byte[] input, OutputStream out, OutputStream err)
            throws IOException {
        synchronized (channel) {
            Frames.writeRequest(channel, new Frames.Request(wait, lines, input));
        }
        while (true) {
            Frames.Frame frame;
            try {
                frame = frames.poll(SILENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the runtime at " + socket, e);
            }
            if (frame == null) {
                throw new IOException("The runtime at " + socket + " sent nothing for " + SILENCE.toSeconds()
                        + " s; see its log in data/logs/cordon.log");
            }
            if (frame == CLOSED) {
                throw new EOFException("The runtime at " + socket + " closed the connection (did it stop?)");
            }
            switch (frame.type()) {
                case Frames.OUT -> out.write(frame.body());
                case Frames.ERR -> err.write(frame.body());
                case Frames.EXIT -> {
                    out.flush();
                    err.flush();
                    return frame.status();
                }
                default -> {
                    // ALIVE: the command is still running.
                }
            }
        }
    }

    /**
     * What a pipe or file on this process's stdin already holds, for a command that reads stdin (a secret's value);
     * nothing from a terminal, and never a wait for more.
     */
    private static byte[] pipedInput() {
        if (System.console() != null) {
            return new byte[0];
        }
        try {
            int ready = System.in.available();
            return ready > 0 ? System.in.readNBytes(ready) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The runtime notices the closed connection and ends the session.
        }
        try {
            reader.join(SILENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLoop() {
        try {
            while (true) {
                frames.add(Frames.read(channel));
            }
        } catch (IOException closed) {
            frames.add(CLOSED);
        }
    }
}
