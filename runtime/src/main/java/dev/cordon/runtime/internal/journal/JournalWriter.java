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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps journal records off the path that produced them: {@link #record} only offers the record to a bounded buffer
 * (dropping and counting it when the buffer is full); the {@code cordon-journal-writer} thread takes what has
 * gathered, waiting a little after the first record so that a busy host writes one transaction per batch, and appends
 * it with {@link JournalStore#appendAll}. While no store is bound, records wait in the buffer; records that find the
 * buffer full or a store that fails, and those still waiting for a store at a stop, are dropped and counted.
 *
 * <p>Records leave the buffer only under the writer's lock, and each batch is written before the lock is let go; the
 * thread waits (idle, or gathering) with the lock released. So {@link #detach} — which takes the lock — finds every
 * record not yet written still in the buffer, and no write to the old store can start after it. The thread polls the
 * buffer rather than waiting on it, so producers' offers never wake it.
 */
public final class JournalWriter implements Journal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int BATCH = 2048;
    private static final long GATHER_MS = 100;
    private static final long SLICE_MS = 10;
    private static final long IDLE_MS = 50;

    private final BlockingQueue<JournalRecord> buffer;
    private final int capacity;
    private final Supplier<JournalStore> store;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition hurried = lock.newCondition();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean hurry;

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
        lock.lock();
        try {
            while (!closed) {
                if (store.get() == null || buffer.isEmpty()) {
                    // Records wait in the buffer for a store (the store's bundle may start after this one's).
                    hurried.await(IDLE_MS, TimeUnit.MILLISECONDS);
                    continue;
                }
                gather();
                if (store.get() == null) {
                    // Unbound while the batch gathered (detach ran meanwhile): what came since waits for the next
                    // store rather than being dropped.
                    continue;
                }
                buffer.drainTo(batch, BATCH);
                write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Waits, with the lock released, for a batch to gather: at most {@link #GATHER_MS}, less when hurried. */
    private void gather() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MS);
        while (!closed && !hurry && buffer.size() < BATCH && System.nanoTime() < deadline) {
            hurried.await(SLICE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void write(List<JournalRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
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
     * For a store that is about to go away (the framework stops the stores' bundles before the runtime's): waits for
     * a write in progress, writes everything buffered to the store, on the caller's thread and for at most
     * {@code bound}, then runs {@code detach} — which unbinds the store — before any other write can start. What
     * could not be written in time stays buffered for the next store.
     */
    public void detach(Duration bound, Runnable detach) {
        long deadline = System.nanoTime() + bound.toNanos();
        hurry = true;
        boolean locked = false;
        try {
            signal();
            locked = lock.tryLock(bound.toNanos(), TimeUnit.NANOSECONDS);
            if (!locked) {
                LOG.warn(
                        "The journal's writer did not finish its write within {} ms; unbinding its store anyway",
                        bound.toMillis());
            }
            drain(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            detach.run();
            hurry = false;
            if (locked) {
                lock.unlock();
            }
        }
    }

    /** Writes buffered records until the buffer is empty or {@code deadline} passes. */
    private void drain(long deadline) {
        List<JournalRecord> batch = new ArrayList<>(BATCH);
        while (!buffer.isEmpty() && System.nanoTime() < deadline) {
            buffer.drainTo(batch, BATCH);
            write(batch);
            batch.clear();
        }
    }

    private void signal() {
        if (lock.tryLock()) {
            try {
                hurried.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Writes what is buffered (for at most {@code bound}), then stops the thread; what is left is counted as dropped.
     */
    public void close(Duration bound) {
        closed = true;
        signal();
        try {
            thread.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain(System.nanoTime() + bound.toNanos());
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
