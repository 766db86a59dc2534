package dev.cordon.store.sqlite.internal;

import org.sqlite.SQLiteConfig;

/**
 * How hard a store's commits push to disk. In WAL mode both survive a crash of the process; only
 * {@link #FULL} also survives an operating-system crash or power loss, at the price of an fsync per commit.
 */
public enum Synchronous {
    /** fsync at every commit: for rare writes that must never roll back (configuration). */
    FULL(SQLiteConfig.SynchronousMode.FULL),
    /** fsync at checkpoints only: for frequent writes where losing the last moments is acceptable. */
    NORMAL(SQLiteConfig.SynchronousMode.NORMAL);

    final SQLiteConfig.SynchronousMode mode;

    Synchronous(SQLiteConfig.SynchronousMode mode) {
        this.mode = mode;
    }
}
