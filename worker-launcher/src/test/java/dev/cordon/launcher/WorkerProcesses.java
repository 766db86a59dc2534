package dev.cordon.launcher;

import java.util.List;

/** Finds Cordon worker processes on this machine by their command line. */
final class WorkerProcesses {

    private WorkerProcesses() {}

    /** The pids of live processes whose command line runs dev.cordon.worker. */
    static List<Long> running() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("dev.cordon.worker/")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
