package dev.cordon.store.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one {@code NOTIFY} channel over a connection of its own and hands each payload to a consumer, on one
 * named thread. A lost connection is opened again after a pause; requests sent meanwhile are missed here, which is
 * why the owner of a job also polls for them.
 */
final class CancelListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CancelListener.class);

    /** How long one wait for notifications blocks, so that closing is noticed soon. */
    private static final int WAIT_MS = 500;

    /** The pause before connecting again after the connection failed. */
    private static final long RECONNECT_MS = 2000;

    private final PostgresDatabase db;
    private final String channel;
    private final Consumer<String> consumer;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    private CancelListener(PostgresDatabase db, String channel, Consumer<String> consumer) {
        this.db = db;
        this.channel = channel;
        this.consumer = consumer;
        this.thread = new Thread(this::loop, "cordon-pg-listen");
        this.thread.setDaemon(true);
    }

    static CancelListener start(PostgresDatabase db, String channel, Consumer<String> consumer) {
        CancelListener listener = new CancelListener(db, channel, consumer);
        listener.thread.start();
        return listener;
    }

    private void loop() {
        while (closed.getCount() > 0) {
            try (Connection c = db.dedicated("cordon-pg-listen")) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (closed.getCount() > 0) {
                    PGNotification[] received = pg.getNotifications(WAIT_MS);
                    for (PGNotification n : received == null ? new PGNotification[0] : received) {
                        deliver(n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed.getCount() > 0) {
                    LOG.warn(
                            "Listening for cancel requests at {} failed ({}); connecting again in {} ms, polling"
                                    + " finds the requests meanwhile",
                            db.settings().describe(),
                            e.toString(),
                            RECONNECT_MS);
                }
            }
            try {
                closed.await(RECONNECT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(String payload) {
        try {
            consumer.accept(payload);
        } catch (RuntimeException e) {
            LOG.warn("Handling the cancel request for job {} failed: {}", payload, e.toString(), e);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            thread.join(WAIT_MS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
