package dev.cordon.runtime.internal.journal;

import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps journal records off the path that produced them: {@link #record} only offers the record to a bounded buffer
 * (dropping and counting it when the buffer is full); the {@code cordon-journal-writer} thread takes what has
 * gathered, waiting a little after the first record so that a busy host writes one transaction per batch, and appends
 * it with {@link JournalStore#appendAll}. Records that find no store, or a store that fails, are dropped and counted.
 * The thread sleeps while gathering rather than waiting on the buffer, so producers' offers never wake it.
 */
public final class JournalWriter implements Journal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int BATCH = 2048;
    private static final long GATHER_MS = 100;
    private static final long SLICE_MS = 10;

    private final BlockingQueue<JournalRecord> buffer;
    private final int capacity;
    private final Supplier<JournalStore> store;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * Starts the writer thread.
     *
     * @param capacity how many records may wait; at least 1
     * @param store the store to write to now, or {@code null} when none is bound
     */
    public JournalWriter(int capacity, Supplier<JournalStore> store) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "The journal buffer needs room for at least one record, got " + capacity);
        }
        this.capacity = capacity;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.store = store;
        this.thread = new Thread(this::run, "cordon-journal-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void record(JournalRecord record) {
        if (closed || record == null || !buffer.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** The counters now. */
    public JournalStats stats() {
        return new JournalStats(written.get(), dropped.get(), buffer.size(), capacity, store.get() != null);
    }

    private void run() {
        List<JournalRecord> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                JournalRecord first = buffer.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather();
                buffer.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void gather() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MS);
        while (!closed && buffer.size() < BATCH && System.nanoTime() < deadline) {
            Thread.sleep(SLICE_MS);
        }
    }

    private void write(List<JournalRecord> batch) {
        JournalStore target = store.get();
        if (target == null) {
            dropped.addAndGet(batch.size());
            return;
        }
        try {
            target.appendAll(batch);
            written.addAndGet(batch.size());
        } catch (RuntimeException e) {
            dropped.addAndGet(batch.size());
            LOG.warn("Dropped {} journal records: the journal store failed: {}", batch.size(), e.toString());
        }
    }

    /**
     * Writes what is buffered now, on the caller's thread, for at most {@code bound}: for a store that is about to go
     * away (the framework stops the stores' bundles before the runtime's). What is left stays buffered.
     */
    public void flush(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        List<JournalRecord> batch = new ArrayList<>(BATCH);
        while (!buffer.isEmpty() && System.nanoTime() < deadline) {
            buffer.drainTo(batch, BATCH);
            write(batch);
            batch.clear();
        }
    }

    /**
     * Writes what is buffered (for at most {@code bound}), then stops the thread; what is left is counted as dropped.
     */
    public void close(Duration bound) {
        closed = true;
        try {
            thread.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + bound.toNanos();
        List<JournalRecord> batch = new ArrayList<>(BATCH);
        while (!buffer.isEmpty() && System.nanoTime() < deadline) {
            buffer.drainTo(batch, BATCH);
            write(batch);
            batch.clear();
        }
        int left = buffer.size();
        if (left > 0) {
            buffer.clear();
            dropped.addAndGet(left);
            LOG.warn("Dropped {} journal records: writing them took longer than {} ms", left, bound.toMillis());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
