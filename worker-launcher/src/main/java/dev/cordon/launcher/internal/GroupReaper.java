package dev.cordon.launcher.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the process groups of a launcher's workers when the host dies, however it dies. A worker notices its host's
 * death itself (end-of-file on its standard input), but a stopped worker (SIGSTOP) notices nothing: something that
 * is not stopped must kill it. The reaper is a small {@code /bin/sh} in a session of its own that reads group ids
 * from a pipe the host holds ({@code +<pgid>} adds one, {@code -<pgid>} forgets one); at end-of-file (the host exited,
 * crashed or was SIGKILLed) it sends SIGKILL to every group it still knows and exits. It is started at the first
 * launch, restarted with the groups known if it is found dead, and ended once the launcher is closed and the last
 * group it watches is gone.
 */
final class GroupReaper implements AutoCloseable {

    private static final String SCRIPT = """
            groups=
            while IFS= read -r line; do
              case $line in
                +*) groups="$groups ${line#+}" ;;
                -*) id=${line#-}; kept=; for g in $groups; do [ "$g" = "$id" ] || kept="$kept $g"; done; groups=$kept ;;
              esac
            done
            for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
            """;
    private static final Logger LOG = LoggerFactory.getLogger(GroupReaper.class);

    private final Set<Long> groups = new LinkedHashSet<>();
    private Process reaper;
    private boolean closed;

    /** Kill group {@code pgid} if the host dies before {@link #forget} is called for it. */
    synchronized void watch(long pgid) {
        groups.add(pgid);
        send("+" + pgid);
    }

    /** The group is gone (its members were killed): the reaper must not kill a later group with its id. */
    synchronized void forget(long pgid) {
        if (groups.remove(pgid) && reaper != null && reaper.isAlive()) {
            send("-" + pgid);
        }
        if (closed && groups.isEmpty()) {
            end();
        }
    }

    /** The reaper's pid, while it runs. */
    synchronized long pid() {
        return reaper != null && reaper.isAlive() ? reaper.pid() : -1;
    }

    /**
     * No more groups will be added. The reaper ends once the groups it watches are gone: workers still running
     * (whose handles their owners still hold) stay covered until then.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (groups.isEmpty()) {
            end();
        }
    }

    /** Closes the pipe, and the reaper exits; waits up to 5 s for it. */
    private void end() {
        if (reaper == null) {
            return;
        }
        try {
            reaper.getOutputStream().close();
            if (!reaper.waitFor(5, TimeUnit.SECONDS)) {
                reaper.destroyForcibly();
            }
        } catch (IOException e) {
            reaper.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reaper.destroyForcibly();
        }
    }

    private void send(String line) {
        if (reaper == null || !reaper.isAlive()) {
            start();
            return;
        }
        try {
            OutputStream out = reaper.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            start();
        }
    }

    /** Starts a reaper that knows every group registered so far. */
    private void start() {
        try {
            reaper = new ProcessBuilder(ProcessGroups.leading(List.of("/bin/sh", "-c", SCRIPT)))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            StringBuilder lines = new StringBuilder();
            groups.forEach(g -> lines.append('+').append(g).append('\n'));
            OutputStream out = reaper.getOutputStream();
            out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            LOG.warn(
                    "Cannot start the worker reaper /bin/sh ({}); stopped workers will outlive a crashed host",
                    e.toString());
            reaper = null;
        }
    }
}
