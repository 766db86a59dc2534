package dev.cordon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {

    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
    }

    @Test
    void aClosedStatementServesTheNextLoanWithItsParametersCleared() throws SQLException {
        StatementCache cache = new StatementCache();
        try (Connection raw = open()) {
            PreparedStatement first;
            try (PreparedStatement p = cache.lend(raw).prepareStatement("SELECT ?")) {
                p.setString(1, "kept");
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("kept");
                }
                first = p.unwrap(PreparedStatement.class);
            }
            assertThat(first.isClosed()).isFalse();
            try (PreparedStatement p = cache.lend(raw).prepareStatement("SELECT ?")) {
                assertThat(p.unwrap(PreparedStatement.class)).isSameAs(first);
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getObject(1))
                            .as("the parameter of the previous loan")
                            .isNull();
                }
            }
        }
    }

    @Test
    void keepsABoundedNumberOfStatementsPerConnectionAndClosesTheEldest() throws SQLException {
        StatementCache cache = new StatementCache();
        try (Connection raw = open()) {
            Connection lent = cache.lend(raw);
            PreparedStatement eldest;
            try (PreparedStatement p = lent.prepareStatement("SELECT 0")) {
                eldest = p.unwrap(PreparedStatement.class);
            }
            for (int i = 1; i <= StatementCache.PER_CONNECTION; i++) {
                try (PreparedStatement p = lent.prepareStatement("SELECT " + i)) {
                    p.executeQuery().close();
                }
            }
            assertThat(eldest.isClosed()).isTrue();
            try (PreparedStatement p = lent.prepareStatement("SELECT 0");
                    ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void forgetsTheStatementsOfClosedConnections() throws SQLException {
        StatementCache cache = new StatementCache();
        try (Connection kept = open()) {
            Connection gone = open();
            cache.lend(kept).prepareStatement("SELECT 1").close();
            cache.lend(gone).prepareStatement("SELECT 1").close();
            assertThat(cache.connections()).isEqualTo(2);
            gone.close();
            assertThat(cache.connections()).isEqualTo(1);
        }
    }

    @Test
    void aWriteThatFailsAfterACachedStatementRollsBackAndTheStatementServesTheNextWrite() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("db.sqlite"), Synchronous.NORMAL, "test")) {
            db.write("creating", c -> {
                try (PreparedStatement p = c.prepareStatement("CREATE TABLE t (v TEXT)")) {
                    p.executeUpdate();
                }
                return null;
            });
            assertThatThrownBy(() -> db.write("failing", c -> {
                        insert(c, "lost");
                        throw new SQLException("failed after the insert");
                    }))
                    .hasMessageContaining("failed after the insert");
            db.write("inserting", c -> {
                insert(c, "kept");
                return null;
            });
            String stored = db.read("counting", c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT group_concat(v) FROM t");
                        ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(stored).isEqualTo("kept");
        }
    }

    private static void insert(Connection c, String value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            p.setString(1, value);
            p.executeUpdate();
        }
    }
}
