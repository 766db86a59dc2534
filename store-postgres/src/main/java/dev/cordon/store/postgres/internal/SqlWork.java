package dev.cordon.store.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on one pooled connection. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
