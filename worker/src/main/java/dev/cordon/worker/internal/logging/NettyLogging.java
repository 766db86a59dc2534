package dev.cordon.worker.internal.logging;

import dev.cordon.worker.internal.WorkerLog;
import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.FormattingTuple;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.MessageFormatter;

/**
 * Netty's log, written straight to the worker's log at WARN and ERROR (Netty's lower levels are developer
 * detail). Installed before the first Netty class logs, so Netty never probes for logging frameworks and never
 * starts java.util.logging, which costs a worker start-up time and memory it does not need.
 */
public final class NettyLogging extends InternalLoggerFactory {

    private NettyLogging() {}

    /** Makes this Netty's logger factory. */
    public static void install() {
        InternalLoggerFactory.setDefaultFactory(new NettyLogging());
    }

    @Override
    protected InternalLogger newInstance(String name) {
        return new Logger(name);
    }

    private static final class Logger extends AbstractInternalLogger {
        private static final long serialVersionUID = 1L;

        Logger(String name) {
            super(name);
        }

        private void warnLine(FormattingTuple t) {
            WorkerLog.warn(name() + ": " + t.getMessage() + (t.getThrowable() != null ? " " + t.getThrowable() : ""));
        }

        private void errorLine(FormattingTuple t) {
            WorkerLog.error(name() + ": " + t.getMessage(), t.getThrowable());
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public void trace(String msg) {}

        @Override
        public void trace(String format, Object arg) {}

        @Override
        public void trace(String format, Object a, Object b) {}

        @Override
        public void trace(String format, Object... args) {}

        @Override
        public void trace(String msg, Throwable t) {}

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public void debug(String msg) {}

        @Override
        public void debug(String format, Object arg) {}

        @Override
        public void debug(String format, Object a, Object b) {}

        @Override
        public void debug(String format, Object... args) {}

        @Override
        public void debug(String msg, Throwable t) {}

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public void info(String msg) {}

        @Override
        public void info(String format, Object arg) {}

        @Override
        public void info(String format, Object a, Object b) {}

        @Override
        public void info(String format, Object... args) {}

        @Override
        public void info(String msg, Throwable t) {}

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public void warn(String msg) {
            warnLine(new FormattingTuple(msg, null));
        }

        @Override
        public void warn(String format, Object arg) {
            warnLine(MessageFormatter.format(format, arg));
        }

        @Override
        public void warn(String format, Object a, Object b) {
            warnLine(MessageFormatter.format(format, a, b));
        }

        @Override
        public void warn(String format, Object... args) {
            warnLine(MessageFormatter.arrayFormat(format, args));
        }

        @Override
        public void warn(String msg, Throwable t) {
            warnLine(new FormattingTuple(msg, t));
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public void error(String msg) {
            errorLine(new FormattingTuple(msg, null));
        }

        @Override
        public void error(String format, Object arg) {
            errorLine(MessageFormatter.format(format, arg));
        }

        @Override
        public void error(String format, Object a, Object b) {
            errorLine(MessageFormatter.format(format, a, b));
        }

        @Override
        public void error(String format, Object... args) {
            errorLine(MessageFormatter.arrayFormat(format, args));
        }

        @Override
        public void error(String msg, Throwable t) {
            errorLine(new FormattingTuple(msg, t));
        }
    }
}
