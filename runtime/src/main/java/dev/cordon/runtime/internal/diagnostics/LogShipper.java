package dev.cordon.runtime.internal.diagnostics;

import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the per-instance worker logs ({@code <logs>/<instance>.log}; the files stay as they are for {@code tail -f})
 * and copies their new lines into the {@link DiagnosticStore}, on the {@code cordon-diagnostics-shipper} thread, one
 * batch per round. Only the logs of instances the manager knows (or knew) are followed, so the host's own log in the
 * same folder is not. Each file is followed by its identity: a file replaced under the same name (a spare worker's log
 * renamed to the instance's, a log moved aside) is read from its start. The files already there when the shipper first
 * sees the folder belong to earlier runs and are followed from their end. Without a store nothing is read, so the
 * lines wait in the files.
 */
final class LogShipper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
    /** The most bytes read from one file per round, so that one chatty worker cannot hold the others up. */
    private static final int MAX_READ = 4 << 20;

    /** Where one file was read to. */
    private static final class Position {
        Object key;
        long offset;
        byte[] partial = new byte[0];
    }

    private final Supplier<Path> logsDir;
    private final Function<String, String> pluginOf;
    private final Supplier<DiagnosticStore> store;
    /** The files there when the folder was first listed, with their size then; {@code null} until it was. */
    private Map<Path, Long> earlier;

    private final Map<Path, Position> positions = new HashMap<>();
    private final AtomicLong shipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile Duration interval;
    private volatile boolean closed;

    /**
     * Starts following.
     *
     * @param logsDir the folder of the worker logs now, or {@code null} when unknown
     * @param pluginOf the plugin of an instance id (the instance id itself when unknown)
     * @param store the store to write to now, or {@code null}
     */
    LogShipper(
            Supplier<Path> logsDir,
            Function<String, String> pluginOf,
            Supplier<DiagnosticStore> store,
            Duration interval) {
        this.logsDir = logsDir;
        this.pluginOf = pluginOf;
        this.store = store;
        this.interval = interval;
        Path dir = logsDir.get();
        if (dir != null) {
            noteEarlier(dir);
        }
        this.thread = new Thread(this::run, "cordon-diagnostics-shipper");
        thread.setDaemon(true);
        thread.start();
    }

    void interval(Duration next) {
        interval = Objects.requireNonNull(next, "interval");
    }

    /** Lines written to the store so far. */
    long shipped() {
        return shipped.get();
    }

    /** Lines read but lost because the store failed. */
    long failed() {
        return failed.get();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(Math.max(10, interval.toMillis()));
                round();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Could not copy worker log lines to the diagnostics store: {}", e.toString());
            }
        }
    }

    /** One round: every log's new complete lines, written as one batch. */
    synchronized void round() {
        DiagnosticStore target = store.get();
        Path dir = logsDir.get();
        if (target == null || dir == null || !Files.isDirectory(dir)) {
            return;
        }
        if (earlier == null) {
            noteEarlier(dir);
        }
        List<LogRecord> batch = new ArrayList<>();
        Instant now = Instant.now();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "[!.]*.log")) {
            for (Path file : logs) {
                String instance = file.getFileName().toString().replaceFirst("\\.log$", "");
                String plugin = pluginOf.apply(instance);
                if (plugin == null) {
                    continue;
                }
                for (String line : newLines(file)) {
                    batch.add(LogLineParser.parse(line, instance, plugin, now));
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the worker logs in {}: {}", dir, e.toString());
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            target.appendAll(batch);
            shipped.addAndGet(batch.size());
        } catch (RuntimeException e) {
            failed.addAndGet(batch.size());
            LOG.warn("Lost {} worker log lines: the diagnostics store failed: {}", batch.size(), e.toString());
        }
    }

    private List<String> newLines(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Object key = attributes.fileKey() != null ? attributes.fileKey() : attributes.creationTime();
            Position p = positions.get(file);
            if (p == null) {
                p = new Position();
                p.key = key;
                p.offset = Math.min(attributes.size(), earlier.getOrDefault(file, 0L));
                positions.put(file, p);
            } else if (!p.key.equals(key) || attributes.size() < p.offset) {
                p.key = key;
                p.offset = 0;
                p.partial = new byte[0];
            }
            if (attributes.size() == p.offset) {
                return List.of();
            }
            return read(file, p);
        } catch (NoSuchFileException gone) {
            positions.remove(file);
            return List.of();
        } catch (IOException e) {
            LOG.warn("Cannot read the worker log {}: {}", file, e.toString());
            return List.of();
        }
    }

    private synchronized void noteEarlier(Path dir) {
        Map<Path, Long> sizes = new HashMap<>();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "[!.]*.log")) {
            for (Path file : logs) {
                sizes.put(file, Files.size(file));
            }
        } catch (IOException e) {
            // A folder not there yet holds no earlier logs.
        }
        earlier = sizes;
    }

    private static List<String> read(Path file, Position p) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(p.partial);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_READ, channel.size() - p.offset));
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, p.offset + buffer.position());
                if (n < 0) {
                    break;
                }
            }
            p.offset += buffer.position();
            bytes.write(buffer.array(), 0, buffer.position());
        }
        byte[] all = bytes.toByteArray();
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
                lines.add(new String(all, start, end - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        byte[] rest = new byte[all.length - start];
        System.arraycopy(all, start, rest, 0, rest.length);
        // An unfinished line waits for its end; one that never ends is cut at the read limit.
        if (rest.length > MAX_READ) {
            lines.add(new String(rest, StandardCharsets.UTF_8));
            rest = new byte[0];
        }
        p.partial = rest;
        return lines;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
