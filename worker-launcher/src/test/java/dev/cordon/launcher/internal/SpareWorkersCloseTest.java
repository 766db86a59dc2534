package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the spares while one is being started. */
class SpareWorkersCloseTest {

    @TempDir
    Path dir;

    @Test
    void closeReturnsOnlyOnceASpareBeingStartedIsStoppedAndItsLogGone() throws Exception {
        CountDownLatch starting = new CountDownLatch(1);
        Path[] log = new Path[1];
        SpareWorkers spares = new SpareWorkers(1, Duration.ofHours(1));
        spares.refill(new SpareWorkers.Key(dir.resolve("plugin.json"), "m", "d"), dir, "spare-", file -> {
            try {
                Files.createFile(file);
                log[0] = file;
                starting.countDown();
                // A start waiting for its handshake, as a real one does until the close interrupts it.
                Thread.sleep(30_000);
                throw new IllegalStateException("the start was never interrupted");
            } catch (InterruptedException e) {
                throw new IllegalStateException("start was interrupted", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(starting.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(log[0]).exists();

        spares.close();

        assertThat(log[0]).as("the log of the start the close stopped").doesNotExist();
        assertThat(spares.readyCount()).isZero();
    }
}
