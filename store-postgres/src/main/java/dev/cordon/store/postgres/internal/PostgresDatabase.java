package dev.cordon.store.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cordon.store.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL schema behind a HikariCP pool. Opening it creates the schema when missing and applies the pending
 * migrations, under an advisory lock so hosts starting together migrate once. Write work runs in one READ COMMITTED
 * transaction; row locks ({@code FOR UPDATE SKIP LOCKED}) are what keep two hosts from taking the same job.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);

    private final PostgresSettings settings;
    private final HikariDataSource pool;

    private PostgresDatabase(PostgresSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /**
     * Connects and migrates the schema.
     *
     * @param poolName names the pool's threads and log lines
     * @throws dev.cordon.api.store.StoreException when the server cannot be reached, refuses the role, or holds a
     *     schema newer than this Cordon understands
     */
    public static PostgresDatabase open(PostgresSettings settings, String poolName) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(settings, poolName));
        } catch (RuntimeException e) {
            throw logged(PostgresFailures.translate(settings, "connecting", e));
        }
        PostgresDatabase db = new PostgresDatabase(settings, pool);
        try {
            db.write("migrating the schema", c -> {
                SchemaMigrator.migrate(c, settings);
                return null;
            });
        } catch (RuntimeException e) {
            pool.close();
            throw logged(PostgresFailures.translate(settings, "migrating the schema", e));
        }
        return db;
    }

    /**
     * Reports a store that cannot open in Cordon's log too (the component runtime prints it only on standard error);
     * returns the failure for the caller to throw.
     */
    public static RuntimeException logged(RuntimeException failure) {
        LOG.error(failure.getMessage());
        return failure;
    }

    /**
     * A connection of its own, outside the pool, for work that holds one for long (listening for notifications); the
     * caller closes it.
     */
    public Connection dedicated(String name) throws SQLException {
        return dataSource(settings, name).getConnection();
    }

    private static HikariConfig poolConfig(PostgresSettings settings, String poolName) {
        HikariConfig hikari = new HikariConfig();
        // A DataSource rather than a jdbcUrl: DriverManager cannot see the driver of another bundle.
        hikari.setDataSource(dataSource(settings, poolName));
        hikari.setSchema(settings.schema());
        hikari.setPoolName(poolName);
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(settings.connectTimeout().toMillis());
        return hikari;
    }

    private static PGSimpleDataSource dataSource(PostgresSettings settings, String name) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(settings.url());
        dataSource.setUser(settings.user());
        if (!settings.password().isEmpty()) {
            dataSource.setPassword(settings.password());
        }
        dataSource.setApplicationName("cordon " + name);
        dataSource.setConnectTimeout((int) settings.connectTimeout().toSeconds());
        dataSource.setLoginTimeout((int) settings.connectTimeout().toSeconds());
        return dataSource;
    }

    /** The settings this database was opened with. */
    public PostgresSettings settings() {
        return settings;
    }

    /** Runs {@code work} outside any transaction; {@code action} names it in error messages. */
    public <T> T read(String action, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException | RuntimeException e) {
            throw PostgresFailures.translate(settings, action, e);
        }
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    public <T> T write(String action, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            throw PostgresFailures.translate(settings, action, e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + settings.describe() + "]";
    }
}
