package dev.cordon.store.sqlite.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cordon.api.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite database file, with the pragmas every Cordon store relies on: WAL journal (readers never block the
 * writer), a busy timeout, foreign keys, and write transactions that take the write lock at {@code BEGIN} so two
 * writers never deadlock on a lock upgrade. Opening it applies the pending schema migrations.
 *
 * <p>Reads go through a small HikariCP pool. Writes, which this process makes one at a time anyway, all go through
 * one connection of their own, opened at the first write: SQLite drops a connection's page cache whenever another
 * connection has committed, so writes spread over the pool's connections read the pages they change back from the
 * file at almost every transaction, while one writer finds them cached. The work of {@link #read}, {@link #write} and
 * {@link #writeOne} gets its connection's prepared statements from a {@link StatementCache}: closing one keeps it
 * compiled for the next use.
 */
public final class SqliteDatabase implements AutoCloseable {

    /** How long a connection waits for another connection's write lock before failing. */
    public static final int BUSY_TIMEOUT_MS = 10_000;

    private static final int POOL_SIZE = 4;

    /**
     * Read connections kept open while idle. HikariCP's default keeps the whole pool open, which a host running one
     * command opened on background threads while it started (three more connections per store) and waited for as it
     * stopped; further connections open when reads run at once.
     */
    private static final int MIN_IDLE = 1;

    /**
     * The write-ahead log is copied back into the database file once it holds this many pages (about 40 MB), not
     * SQLite's default 1,000: each such checkpoint syncs both files, which stalls the committing writer for
     * milliseconds, and a log ten times longer folds ten times as many rewrites of the same hot pages into one copy.
     */
    private static final int WAL_AUTOCHECKPOINT_PAGES = 10_000;

    /** One lock per database file, shared by every pool of this process that writes to it. */
    private static final ConcurrentHashMap<Path, ReentrantLock> WRITE_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final SQLiteDataSource source;
    private final HikariDataSource pool;
    private final ReentrantLock writeLock;
    private final StatementCache statements = new StatementCache();

    /** The connection every write of this database uses; guarded by {@link #writeLock}, opened at the first write. */
    private Connection writer;

    private volatile boolean closed;

    private SqliteDatabase(Path file, SQLiteDataSource source, HikariDataSource pool) {
        this.file = file;
        this.source = source;
        this.pool = pool;
        this.writeLock = WRITE_LOCKS.computeIfAbsent(file.normalize(), f -> new ReentrantLock(true));
    }

    /**
     * Opens (creating when absent) the database at {@code file} and migrates its schema.
     *
     * @param poolName names the pool's threads and log lines
     * @throws StoreException when the file cannot be opened, is corrupt, or has a newer schema
     */
    public static SqliteDatabase open(Path file, Synchronous synchronous, String poolName) {
        Path absolute = file.toAbsolutePath();
        createParent(absolute);
        SQLiteDataSource source = dataSource(absolute, synchronous);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(source, poolName));
        } catch (RuntimeException e) {
            throw SqliteFailures.translate(absolute, "opening the database", e);
        }
        SqliteDatabase db = new SqliteDatabase(absolute, source, pool);
        try {
            db.write("migrating the schema", c -> {
                SchemaMigrator.migrate(c, absolute);
                return null;
            });
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static SQLiteDataSource dataSource(Path file, Synchronous synchronous) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MS);
        sqlite.enforceForeignKeys(true);
        sqlite.setSynchronous(synchronous.mode);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    private static HikariConfig poolConfig(SQLiteDataSource dataSource, String poolName) {
        HikariConfig hikari = new HikariConfig();
        // A DataSource rather than a jdbcUrl: DriverManager cannot see the driver of another bundle.
        hikari.setDataSource(dataSource);
        hikari.setPoolName(poolName);
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setMinimumIdle(MIN_IDLE);
        hikari.setConnectionTimeout(BUSY_TIMEOUT_MS * 3L);
        return hikari;
    }

    private static void createParent(Path file) {
        Path parent = file.getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException(
                    file,
                    "Cannot create the folder " + parent + " for the database " + file
                            + ": " + e + ". Create it yourself, writable by user " + System.getProperty("user.name")
                            + ", or set db.path to another file.",
                    e);
        }
    }

    /** The absolute path of the database file. */
    public Path file() {
        return file;
    }

    /** Runs {@code work} outside any transaction; {@code action} names it in error messages. */
    public <T> T read(String action, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(statements.lend(c));
        } catch (SQLException | RuntimeException e) {
            throw SqliteFailures.translate(file, action, e);
        }
    }

    /**
     * Runs {@code work} in one write transaction, committed when it returns and rolled back when it throws.
     *
     * <p>The transaction is opened and ended with plain {@code BEGIN IMMEDIATE} / {@code COMMIT} statements on a
     * connection left in auto-commit mode: the driver's {@code setAutoCommit(false)} / {@code commit()} pair opens a
     * second, empty transaction after every commit and ends it again when auto-commit is restored, which costs a
     * write lock and a commit more than the work itself.
     */
    public <T> T write(String action, SqlWork<T> work) {
        return writing(action, c -> {
            statements.prepared(c, "BEGIN IMMEDIATE").execute();
            boolean committed = false;
            try {
                T result = work.run(statements.lend(c));
                statements.prepared(c, "COMMIT").execute();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollback(c);
                }
            }
        });
    }

    /**
     * Runs {@code work} in auto-commit mode: each statement it runs is its own transaction (most such work writes
     * with a single statement). No other writer of this process runs in between.
     */
    public <T> T writeOne(String action, SqlWork<T> work) {
        return writing(action, c -> work.run(statements.lend(c)));
    }

    /**
     * Runs a write under this process's lock of the file. Writers of one process queue here, in order, rather than
     * in SQLite's busy handler, which sleeps 1, 2, 5, 10... ms between its tries: two jobs finishing at once would
     * otherwise cost the second one milliseconds. Writers of other processes still meet the busy timeout.
     */
    private <T> T writing(String action, SqlWork<T> write) {
        boolean locked = false;
        try {
            locked = writeLock.tryLock(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (!locked) {
                throw new StoreException(
                        file,
                        "Another writer of this process held " + file + " for more than " + BUSY_TIMEOUT_MS
                                + " ms while " + action + "; try again, and look for a stuck writer in a thread dump"
                                + " (jcmd <pid> Thread.print)");
            }
            return write.run(writer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(file, "Interrupted while waiting to write " + file + " (" + action + ")", e);
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw SqliteFailures.translate(file, action, e);
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    /** The write connection, opened when there is none; the caller holds {@link #writeLock}. */
    private Connection writer() throws SQLException {
        if (closed) {
            throw new StoreException(file, "The store on " + file + " is closed; open it again to write.");
        }
        if (writer == null || writer.isClosed()) {
            Connection c = source.getConnection();
            try {
                execute(c, "PRAGMA wal_autocheckpoint=" + WAL_AUTOCHECKPOINT_PAGES);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
            writer = c;
        }
        return writer;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Closing frees the connection's file handles; a failure leaves nothing else to do.
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Ends a failed transaction. SQLite itself ends the transaction on some errors (then there is none to roll back);
     * a connection that cannot be rolled back is aborted, so that the pool never hands out one still in a transaction.
     */
    private void rollback(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                abort(c);
            }
        } catch (RuntimeException e) {
            abort(c);
        }
    }

    /** Drops the write connection, which the next write opens again. */
    private void abort(Connection c) {
        closeQuietly(c);
        if (writer == c) {
            writer = null;
        }
    }

    /** Closes the read pool, and the write connection once no write of this process uses the file (or after the busy timeout). */
    @Override
    public void close() {
        boolean locked = false;
        try {
            locked = writeLock.tryLock(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            closed = true;
            if (writer != null) {
                closeQuietly(writer);
                writer = null;
            }
        } finally {
            if (locked) {
                writeLock.unlock();
            }
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "SqliteDatabase[" + file + "]";
    }
}
