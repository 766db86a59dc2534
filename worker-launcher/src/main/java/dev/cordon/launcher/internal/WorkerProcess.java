package dev.cordon.launcher.internal;

import dev.cordon.api.spi.WorkerExit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process and the group it leads: notices its exit, kills whatever is left of its group then (children the
 * worker started live on after it otherwise), and classifies the exit. Java reports a death by signal n as exit
 * status 128+n, so an exit code above 128 reads as a signal; SIGKILL is an out-of-memory kill only when the
 * {@link OomRecord} grew.
 */
final class WorkerProcess {

    private static final int SIGKILL = 9;
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

    private final Process process;
    private final OptionalLong group;
    private final GroupReaper reaper;
    private volatile Optional<OomRecord> oom;
    private final CompletableFuture<WorkerExit> exit;
    private final ProcStat stat;
    private volatile boolean stopping;

    /**
     * Watches {@code process}; when it was started through {@code setsid} ({@code leadsGroup}) its group is its own
     * pid, registered with {@code reaper} until the process is gone. (Not read from {@code /proc}: right after the
     * start, {@code setsid} may not have run yet.)
     */
    WorkerProcess(Process process, boolean leadsGroup, GroupReaper reaper) {
        this.process = process;
        long pid = process.pid();
        OomScore.preferWorker(pid);
        this.group = leadsGroup ? OptionalLong.of(pid) : OptionalLong.empty();
        this.reaper = reaper;
        this.oom = OomRecord.of(pid);
        this.stat = ProcStat.open(pid);
        group.ifPresent(reaper::watch);
        this.exit = process.onExit().thenApply(p -> ended());
    }

    Process process() {
        return process;
    }

    /**
     * The worker is ready to serve: which cgroup counts its out-of-memory kills is read again. A wrapper named as its
     * interpreter ({@code cgexec}, a script writing {@code cgroup.procs}) moves it into a cgroup of its own only after
     * the start, when the count of the host's cgroup was read.
     */
    void serving() {
        Optional<OomRecord> now = OomRecord.of(process.pid());
        Optional<OomRecord> before = oom;
        if (now.isPresent() && !now.map(OomRecord::file).equals(before.map(OomRecord::file))) {
            oom = now;
        }
    }

    long pid() {
        return process.pid();
    }

    /** The worker's process group, when it leads one. */
    OptionalLong group() {
        return group;
    }

    CompletableFuture<WorkerExit> exit() {
        return exit;
    }

    /**
     * Whether the worker runs: not exited, and not a zombie either (dead, while the JVM's reaper thread has not
     * collected it yet). One {@code pread} of its open stat file.
     */
    boolean running() {
        return process.isAlive() && stat.state() != 'Z';
    }

    /** From now on an exit is the host's doing. */
    void stopping() {
        stopping = true;
    }

    /**
     * SIGTERM to the worker alone, without starting a process: Cordon's workers stop their own descendants, and the
     * rest of the group is killed when the worker has exited. Unlike {@link Process#destroy} it leaves standard input open,
     * whose end the worker would take for its host's death.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Sends {@code signal} to the whole group, or to the worker and its descendants where it leads no group. */
    void signal(String signal) {
        if (group.isPresent()) {
            ProcessGroups.signal(group.getAsLong(), signal);
            if (signal.equals("KILL")) {
                // Before setsid has run, the group does not exist yet; nor does any child then.
                process.destroyForcibly();
            }
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .toList();
        tree.forEach(signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
    }

    /** Runs once, on the JVM's process-reaper thread, when the worker has exited. */
    private WorkerExit ended() {
        stat.close();
        if (group.isPresent()) {
            // Reading /proc for members left costs less than starting kill(1), and usually finds none.
            if (!ProcStat.members(group.getAsLong()).isEmpty()) {
                ProcessGroups.signal(group.getAsLong(), "KILL");
            }
            reaper.forget(group.getAsLong());
        }
        WorkerExit result = classify(process.pid(), process.exitValue(), stopping, oom.map(OomRecord::grew));
        if (result.unexpected()) {
            LOG.warn(
                    "Worker pid {} ended on its own: {} ({}){}",
                    result.pid(),
                    result.describe(),
                    result.cause(),
                    result.cause() == WorkerExit.Cause.KILLED && oom.isEmpty()
                            ? "; no out-of-memory record is readable here, so it is not taken for one"
                            : "");
        }
        return result;
    }

    /**
     * How a worker ended.
     *
     * @param status the status Java reports: the exit code, or 128 + the signal number
     * @param stopped whether the host was stopping it
     * @param oomGrew whether the out-of-memory count grew; empty where none is readable
     */
    static WorkerExit classify(long pid, int status, boolean stopped, Optional<Boolean> oomGrew) {
        boolean signalled = status > 128 && status <= 128 + 64;
        OptionalInt code = signalled ? OptionalInt.empty() : OptionalInt.of(status);
        OptionalInt signal = signalled ? OptionalInt.of(status - 128) : OptionalInt.empty();
        WorkerExit.Cause cause;
        if (stopped) {
            cause = WorkerExit.Cause.STOPPED;
        } else if (!signalled) {
            cause = WorkerExit.Cause.EXITED;
        } else if (signal.getAsInt() != SIGKILL) {
            cause = WorkerExit.Cause.CRASHED;
        } else {
            cause = oomGrew.orElse(false) ? WorkerExit.Cause.OOM_KILLED : WorkerExit.Cause.KILLED;
        }
        return new WorkerExit(pid, code, signal, cause);
    }
}
