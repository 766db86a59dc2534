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
 * named thread. A lost connection is opened again after a pause; what is sent meanwhile is missed here, which is
 * why the owner of a job also polls for cancel requests.
 */
final class NotificationListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);

    /** How long one wait for notifications blocks, so that closing is noticed soon. */
    private static final int WAIT_MS = 500;

    /** The pause before connecting again after the connection failed. */
    private static final long RECONNECT_MS = 2000;

    private final PostgresDatabase db;
    private final String channel;
    private final String what;
    private final Consumer<String> consumer;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    private NotificationListener(PostgresDatabase db, String channel, String what, Consumer<String> consumer) {
        this.db = db;
        this.channel = channel;
        this.what = what;
        this.consumer = consumer;
        this.thread = new Thread(this::loop, "cordon-pg-listen-" + what.replace(' ', '-'));
        this.thread.setDaemon(true);
    }

    /** Starts listening on {@code channel}; {@code what} names what its payloads are, in the log. */
    static NotificationListener start(PostgresDatabase db, String channel, String what, Consumer<String> consumer) {
        NotificationListener listener = new NotificationListener(db, channel, what, consumer);
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
                            "Listening for {} at {} failed ({}); connecting again in {} ms; what is sent meanwhile"
                                    + " is missed here",
                            what,
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
            LOG.warn("Handling one of the {} failed: {}", what, e.toString(), e);
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
