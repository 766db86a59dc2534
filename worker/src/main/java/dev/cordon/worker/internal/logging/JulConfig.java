package dev.cordon.worker.internal.logging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * java.util.logging's configuration in a worker, named by {@code java.util.logging.config.class}: the root logger
 * at INFO with {@link JulHandler} as its only handler. java.util.logging reads it the first time a plugin logs, so a
 * worker whose plugin never logs that way never pays for starting it.
 */
public final class JulConfig {

    /** Called by java.util.logging's LogManager while it initializes. */
    public JulConfig() {
        String properties = "handlers=" + JulHandler.class.getName() + "\n.level=INFO\n";
        try {
            LogManager.getLogManager()
                    .readConfiguration(new ByteArrayInputStream(properties.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
