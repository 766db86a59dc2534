package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a worker the kernel's first choice when memory runs out, before its host: a worker's
 * {@code /proc/<pid>/oom_score_adj} is raised to {@link #WORKER} right after its start (its own children inherit it).
 * The host keeps its own value, so a worker that fills memory is killed and typed as such, and the host that
 * reports it lives on. Raising the value needs no privilege; where it cannot be written (a read-only {@code /proc},
 * or a host already above it, which only a privileged process may lower), the worker keeps the host's value.
 */
final class OomScore {

    /** The value a worker gets: above any host's default of 0, below the kernel's maximum of 1000. */
    static final int WORKER = 500;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OomScore.class);

    private OomScore() {}

    /** Raises {@code pid}'s score to {@link #WORKER}; true when it was written. */
    static boolean preferWorker(long pid) {
        Path file = Path.of("/proc", Long.toString(pid), "oom_score_adj");
        try {
            Files.writeString(file, Integer.toString(WORKER));
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("Cannot raise the out-of-memory score of worker pid {}: {}", pid, e.toString());
            return false;
        }
    }
}
