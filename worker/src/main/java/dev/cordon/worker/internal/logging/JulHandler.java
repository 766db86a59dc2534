package dev.cordon.worker.internal.logging;

import dev.cordon.worker.internal.WorkerLog;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** Writes java.util.logging records to the worker's log, one line each, with the logger's name. */
public final class JulHandler extends Handler {

    /** Instantiated by java.util.logging's LogManager from {@link JulConfig}'s properties. */
    public JulHandler() {}

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            String message = record.getMessage();
            if (record.getThrown() != null) {
                message = message + " " + record.getThrown();
            }
            WorkerLog.write(record.getInstant(), record.getLevel().getName(), record.getLoggerName() + ": " + message);
        }
    }

    @Override
    public void flush() {
        WorkerLog.flush();
    }

    @Override
    public void close() {
        WorkerLog.flush();
    }
}
