package dev.cordon.store.sqlite.internal;

import dev.cordon.api.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Group commit: callers hand over a list of items and wait; one named writer thread takes everything
 * waiting, commits it in a single transaction, and releases every caller. Many threads recording at
 * once thus cost one commit per round instead of one each, and never contend for SQLite's write lock.
 *
 * <p>Each caller's list is all-or-nothing: when a combined commit fails, the writer retries each list
 * alone so that only the list that cannot be written fails.
 */
public final class GroupCommitWriter<T> implements AutoCloseable {

    private static final int MAX_LISTS_PER_COMMIT = 512;

    private record Pending<T>(List<T> items, CompletableFuture<Void> done) {}

    private final Path file;
    private final Consumer<List<T>> commit;
    private final Duration waitLimit;
    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Pending<T> stop = new Pending<>(List.of(), new CompletableFuture<>());
    private final Thread thread;
    private boolean closed;

    /**
     * @param commit    writes all the items it is given in one transaction, or throws
     * @param waitLimit how long a caller waits for its commit before giving up
     */
    public GroupCommitWriter(String threadName, Path file, Consumer<List<T>> commit, Duration waitLimit) {
        this.file = file;
        this.commit = commit;
        this.waitLimit = waitLimit;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Commits {@code items} (all or nothing) and returns once they are committed.
     *
     * @throws StoreException when the commit failed, the writer is closed, or the wait limit passed (in
     *                        which case the items may still be committed later)
     */
    public void submit(List<T> items) {
        Pending<T> pending = new Pending<>(List.copyOf(items), new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                throw new StoreException(file, "The store on " + file + " is closed; no more samples are accepted.");
            }
            queue.add(pending);
        }
        try {
            pending.done().get(waitLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StoreException s
                    ? s
                    : new StoreException(file, "Recording into " + file + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException(
                    file,
                    "Samples were not committed to " + file + " within " + waitLimit.toSeconds()
                            + " s; they may still be committed. Another process may hold the database locked.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(
                    file,
                    "Interrupted while waiting for samples to be committed to " + file
                            + "; they may still be committed.",
                    e);
        }
    }

    private void run() {
        List<Pending<T>> round = new ArrayList<>();
        while (true) {
            try {
                round.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() stops the writer; an interrupt from elsewhere must not lose callers.
                continue;
            }
            queue.drainTo(round, MAX_LISTS_PER_COMMIT - 1);
            boolean stopping = round.remove(stop);
            commitRound(round);
            round.clear();
            if (stopping) {
                failRemaining();
                return;
            }
        }
    }

    private void commitRound(List<Pending<T>> round) {
        if (round.isEmpty()) {
            return;
        }
        List<T> all = new ArrayList<>();
        round.forEach(p -> all.addAll(p.items()));
        try {
            commit.accept(all);
            round.forEach(p -> p.done().complete(null));
        } catch (RuntimeException combined) {
            if (round.size() == 1) {
                round.get(0).done().completeExceptionally(combined);
                return;
            }
            for (Pending<T> p : round) {
                try {
                    commit.accept(p.items());
                    p.done().complete(null);
                } catch (RuntimeException alone) {
                    p.done().completeExceptionally(alone);
                }
            }
        }
    }

    private void failRemaining() {
        List<Pending<T>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done()
                .completeExceptionally(new StoreException(
                        file, "The store on " + file + " closed before these samples were committed.")));
    }

    /** Commits what is already waiting, then stops the writer thread (waiting at most the wait limit). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(stop);
        }
        try {
            thread.join(waitLimit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
