package dev.cordon.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one connection a database's writes go through. */
class SqliteDatabaseWriterTest {

    @TempDir
    Path dir;

    @Test
    void everyWriteGoesThroughTheSameConnection() throws InterruptedException {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("db.sqlite"), Synchronous.NORMAL, "test")) {
            // A temporary table lives on the connection that made it: a later write sees it only on that connection.
            db.write("making a table of this connection", c -> update(c, "CREATE TEMP TABLE mine (v TEXT)"));
            for (int i = 0; i < 20; i++) {
                int n = i;
                db.writeOne("writing on that connection", c -> update(c, "INSERT INTO mine VALUES ('" + n + "')"));
                // A read under way holds a connection of the pool; the write still finds its own.
                db.read(
                        "reading meanwhile",
                        c -> db.write(
                                "writing in a transaction", w -> update(w, "INSERT INTO mine VALUES ('t" + n + "')")));
            }
            Thread other = new Thread(
                    () -> db.writeOne("writing from another thread", c -> update(c, "INSERT INTO mine VALUES ('o')")));
            other.start();
            other.join(10_000);
            int rows = db.writeOne("counting", c -> count(c, "mine"));
            assertThat(rows).isEqualTo(41);
        }
    }

    @Test
    void theWriteConnectionCheckpointsTheLogOnlyAfterTenThousandPages() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("db.sqlite"), Synchronous.NORMAL, "test")) {
            int pages = db.writeOne("reading the setting", c -> {
                try (PreparedStatement p = c.prepareStatement("PRAGMA wal_autocheckpoint");
                        ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(pages).isEqualTo(10_000);
        }
    }

    @Test
    void aWriteConnectionClosedUnderTheWorkIsOpenedAgainForTheNextWrite() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("db.sqlite"), Synchronous.NORMAL, "test")) {
            db.write("creating", c -> update(c, "CREATE TABLE t (v TEXT)"));
            db.writeOne("losing the connection", c -> {
                c.close();
                return null;
            });
            db.write("inserting", c -> update(c, "INSERT INTO t VALUES ('kept')"));
            int rows = db.read("counting", c -> count(c, "t"));
            assertThat(rows).isEqualTo(1);
        }
    }

    @Test
    void aClosedDatabaseRefusesWritesSayingSo() {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("db.sqlite"), Synchronous.NORMAL, "test");
        db.write("creating", c -> update(c, "CREATE TABLE t (v TEXT)"));
        db.close();
        assertThatThrownBy(() -> db.write("inserting", c -> update(c, "INSERT INTO t VALUES ('late')")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is closed");
        try (SqliteDatabase again = SqliteDatabase.open(dir.resolve("db.sqlite"), Synchronous.NORMAL, "test")) {
            int rows = again.read("counting", c -> count(c, "t"));
            assertThat(rows).isZero();
        }
    }

    private static Void update(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.executeUpdate();
        }
        return null;
    }

    private static int count(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM " + table);
                ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
