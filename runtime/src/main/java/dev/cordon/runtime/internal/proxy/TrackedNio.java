package dev.cordon.runtime.internal.proxy;

import io.netty.channel.ChannelException;
import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's NIO provider, remembering the selector and sockets it opens for one {@link CallerLoop}, so that a
 * loop whose thread has ended can have them closed from another thread (nothing else would ever close them).
 */
final class TrackedNio extends SelectorProvider {

    private final SelectorProvider system = SelectorProvider.provider();
    private final List<SocketChannel> opened = new ArrayList<>();
    private AbstractSelector selector;

    /** A new socket, remembered. */
    SocketChannel socket() {
        try {
            return openSocketChannel();
        } catch (IOException e) {
            throw new ChannelException("Cannot open a socket", e);
        }
    }

    @Override
    public AbstractSelector openSelector() throws IOException {
        AbstractSelector selector = system.openSelector();
        synchronized (this) {
            this.selector = selector;
        }
        return selector;
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        SocketChannel socket = system.openSocketChannel();
        synchronized (this) {
            opened.removeIf(c -> !c.isOpen());
            opened.add(socket);
        }
        return socket;
    }

    /** The selector this provider opened (the loop's); opened when the loop was made. */
    synchronized AbstractSelector selector() {
        return selector;
    }

    /** Wakes a thread waiting in the selector, or makes its next wait return at once. */
    void wakeup() {
        AbstractSelector s = selector();
        if (s != null) {
            s.wakeup();
        }
    }

    /** Closes every socket and the selector this provider opened; safe from any thread once no thread selects. */
    void closeAll() {
        List<SocketChannel> sockets;
        AbstractSelector s;
        synchronized (this) {
            sockets = new ArrayList<>(opened);
            opened.clear();
            s = selector;
        }
        for (var socket : sockets) {
            closeQuietly(socket);
        }
        if (s != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing a socket or selector that failed is all that can be done with it.
        }
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return system.openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return system.openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return system.openPipe();
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return system.openServerSocketChannel();
    }
}
