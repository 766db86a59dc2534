package dev.cordon.boot.internal.control;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/** Opens command sessions on a running framework; the control server runs what attached clients send. */
public interface CommandSessions {

    /** A session whose commands read {@code in} and print to {@code out} and {@code err}. */
    Session open(InputStream in, OutputStream out, OutputStream err);

    /** One client's session: variables set by one command line stay for the next. */
    interface Session extends AutoCloseable {

        /**
         * Runs the command lines in order, printing every statement's result.
         *
         * @param wait how long a command that is not registered yet is retried
         * @return 0 when every line succeeded, else the status of the first failure (its message on err)
         */
        int run(List<String> lines, Duration wait);

        @Override
        void close();
    }
}
