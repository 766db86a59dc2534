package dev.cordon.store.sqlite.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConnection;

/**
 * Keeps each SQLite connection's prepared statements across the pool's loans, keyed by their SQL text. The SQLite
 * driver compiles a statement at every {@code prepareStatement}, and HikariCP closes a loan's statements when the
 * loan ends; on a small machine that compile costs about as much as the write it prepares (a job's start and end each
 * took two or three).
 *
 * <p>{@link #lend} wraps a pooled connection so that {@code prepareStatement(String)} answers the connection's cached
 * statement and that statement's {@code close()} only clears its parameters and batch. Each execute of the driver
 * resets the statement first, and a result set's close resets it, so a statement taken again starts clean. Everything
 * else goes to the pooled connection as it is. A connection is used by one thread at a time (one loan), so its cache
 * needs no lock of its own; the map of caches is guarded by this object.
 */
final class StatementCache {

    /** Distinct statements kept per connection; SQL text built from a variable number of values is the only growth. */
    static final int PER_CONNECTION = 64;

    private final Map<SQLiteConnection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** {@code pooled}, lending its raw connection's cached statements. */
    Connection lend(Connection pooled) throws SQLException {
        Map<String, PreparedStatement> statements = statementsOf(pooled.unwrap(SQLiteConnection.class));
        return (Connection) Proxy.newProxyInstance(
                StatementCache.class.getClassLoader(), new Class<?>[] {Connection.class}, new Lent(pooled, statements));
    }

    /** The statement for {@code sql} on {@code pooled}'s raw connection, prepared once; its close is not needed. */
    PreparedStatement prepared(Connection pooled, String sql) throws SQLException {
        SQLiteConnection raw = pooled.unwrap(SQLiteConnection.class);
        return prepared(raw, statementsOf(raw), sql);
    }

    private synchronized Map<String, PreparedStatement> statementsOf(SQLiteConnection raw) throws SQLException {
        Map<String, PreparedStatement> statements = byConnection.get(raw);
        if (statements == null) {
            forgetClosed();
            statements = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= PER_CONNECTION) {
                        return false;
                    }
                    closeQuietly(eldest.getValue());
                    return true;
                }
            };
            byConnection.put(raw, statements);
        }
        return statements;
    }

    /** Drops the caches of connections the pool has closed (retired or evicted); their statements closed with them. */
    private void forgetClosed() throws SQLException {
        List<SQLiteConnection> closed = new ArrayList<>();
        for (SQLiteConnection c : byConnection.keySet()) {
            if (c.isClosed()) {
                closed.add(c);
            }
        }
        closed.forEach(byConnection::remove);
    }

    /** How many connections have a cache; for tests. */
    synchronized int connections() throws SQLException {
        forgetClosed();
        return byConnection.size();
    }

    private static PreparedStatement prepared(
            SQLiteConnection raw, Map<String, PreparedStatement> statements, String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null || p.isClosed()) {
            p = raw.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    private static void closeQuietly(PreparedStatement p) {
        try {
            p.close();
        } catch (SQLException ignored) {
            // Closing only frees the compiled statement; a failure leaves it to the connection's close.
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A loan of a pooled connection whose {@code prepareStatement(String)} answers cached statements. */
    private static final class Lent implements InvocationHandler {
        private final Connection pooled;
        private final Map<String, PreparedStatement> statements;

        Lent(Connection pooled, Map<String, PreparedStatement> statements) {
            this.pooled = pooled;
            this.statements = statements;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                SQLiteConnection raw = pooled.unwrap(SQLiteConnection.class);
                PreparedStatement p = prepared(raw, statements, (String) args[0]);
                return Proxy.newProxyInstance(
                        StatementCache.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, new Kept(p));
            }
            return StatementCache.invoke(pooled, method, args);
        }
    }

    /** A cached statement whose close keeps it for the next loan. */
    private static final class Kept implements InvocationHandler {
        private final PreparedStatement statement;

        Kept(PreparedStatement statement) {
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && args == null) {
                if (!statement.isClosed()) {
                    statement.clearParameters();
                    statement.clearBatch();
                }
                return null;
            }
            return StatementCache.invoke(statement, method, args);
        }
    }
}
