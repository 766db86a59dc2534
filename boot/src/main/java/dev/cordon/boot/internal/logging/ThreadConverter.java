package dev.cordon.boot.internal.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The thread name for log patterns ({@code %cordonThread}), without what must not reach a log file: Gogo names
 * the thread that runs a statement {@code pipe-<the whole statement>}, so a secret typed in a command would be
 * written verbatim by {@code %thread}. Those threads are logged as {@code gogo-pipe}.
 */
public final class ThreadConverter extends ClassicConverter {

    /** The name logged for a thread running a shell statement. */
    static final String GOGO_PIPE = "gogo-pipe";

    @Override
    public String convert(ILoggingEvent event) {
        return safe(event.getThreadName());
    }

    static String safe(String threadName) {
        if (threadName == null) {
            return "";
        }
        return threadName.startsWith("pipe-") ? GOGO_PIPE : threadName;
    }
}
