package dev.cordon.boot.internal.control;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The control channel's frames: a type byte, a length and that many bytes. A client sends one {@link #REQUEST}
 * (how long to wait for commands still registering, then the command lines); the runtime answers with
 * {@link #OUT} and {@link #ERR} chunks as the commands print, {@link #ALIVE} while they run silently, and one
 * {@link #EXIT} with the status.
 *
 * <p>Reads and writes go straight to the channel: a stream view of a socket channel would serialize a reading
 * thread and a writing thread on one lock.
 */
final class Frames {

    static final byte REQUEST = 'Q';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    static final byte ALIVE = 'A';

    /** How often a client hears that a silent command is still running. */
    static final Duration ALIVE_EVERY = Duration.ofSeconds(5);

    /** A command line longer than this is refused rather than buffered. */
    static final int MAX_LENGTH = 16 * 1024 * 1024;

    private Frames() {}

    /** One frame as read. */
    record Frame(byte type, byte[] body) {

        int status() {
            return ByteBuffer.wrap(body).getInt();
        }
    }

    /** What a client asks: the command lines to run, in order. */
    /**
     * What a client asks for: command lines, how long to retry a command not registered yet, and the bytes its
     * standard input held when it asked (the value a command reads from stdin, as {@code cordon:env --set} does).
     */
    record Request(Duration commandWait, List<String> lines, byte[] input) {
        Request(Duration commandWait, List<String> lines) {
            this(commandWait, lines, new byte[0]);
        }
    }

    static void write(ByteChannel channel, byte type, byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(5 + body.length)
                .put(type)
                .putInt(body.length)
                .put(body)
                .flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    static void writeExit(ByteChannel channel, int status) throws IOException {
        write(channel, EXIT, ByteBuffer.allocate(4).putInt(status).array());
    }

    static void writeRequest(ByteChannel channel, Request request) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(request.commandWait().toMillis());
            out.writeInt(request.lines().size());
            for (String line : request.lines()) {
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            out.writeInt(request.input().length);
            out.write(request.input());
        }
        write(channel, REQUEST, bytes.toByteArray());
    }

    /**
     * Reads one frame, blocking.
     *
     * @throws EOFException when the peer closed the channel
     */
    static Frame read(ByteChannel channel) throws IOException {
        ByteBuffer head = readFully(channel, 5);
        byte type = head.get();
        int length = head.getInt();
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException("Control frame of " + length + " bytes is out of range (at most " + MAX_LENGTH + ")");
        }
        return new Frame(type, readFully(channel, length).array());
    }

    static Request request(Frame frame) throws IOException {
        if (frame.type() != REQUEST) {
            throw new IOException("Expected a request frame, got type '" + (char) frame.type() + "'");
        }
        ByteBuffer in = ByteBuffer.wrap(frame.body());
        try {
            Duration wait = Duration.ofMillis(in.getLong());
            int count = in.getInt();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] b = new byte[in.getInt()];
                in.get(b);
                lines.add(new String(b, StandardCharsets.UTF_8));
            }
            byte[] input = new byte[in.getInt()];
            in.get(input);
            return new Request(wait, List.copyOf(lines), input);
        } catch (RuntimeException e) {
            throw new IOException("Malformed request frame: " + e, e);
        }
    }

    private static ByteBuffer readFully(ByteChannel channel, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("The control channel closed");
            }
        }
        return buffer.flip();
    }
}
