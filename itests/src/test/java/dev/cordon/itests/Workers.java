package dev.cordon.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Worker processes as the operating system sees them. */
final class Workers {

    private Workers() {}

    /** Whether a live process with this pid runs a Cordon worker (Java or Python). */
    static boolean running(long pid) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() == pid)
                .filter(ProcessHandle::isAlive)
                .anyMatch(p -> p.info().commandLine().map(Workers::isWorker).orElse(false));
    }

    /** The live worker processes this JVM started. */
    static List<Long> childWorkers() {
        return ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(Workers::isWorker).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    static boolean isWorker(String commandLine) {
        return commandLine.contains("dev.cordon.worker/") || commandLine.contains("cordon_worker.py");
    }

    /** The environment a process was started with, from {@code /proc/<pid>/environ}. */
    static Optional<String> environ(long pid) {
        try {
            return Optional.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")))
                    .replace('\0', '\n'));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
