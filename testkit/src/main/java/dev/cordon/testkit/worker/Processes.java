package dev.cordon.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The state of a process the suite started, read from {@code /proc}. */
public final class Processes {

    private Processes() {}

    /** The process's state letter from {@code /proc/<pid>/stat} ({@code R}, {@code S}, {@code T}, {@code Z}…), or 0 once gone. */
    public static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException gone) {
            return 0;
        }
    }

    /** Whether the process has exited: gone, or a zombie waiting to be reaped (it runs no more either way). */
    public static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }

    /** Sends {@code signal} (a name such as {@code STOP}) to {@code pid} with kill(1), which must succeed. */
    static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                        .start()
                        .waitFor())
                .isZero();
    }

    /** Resident memory of the process alone, in MiB, from {@code /proc/<pid>/statm}. */
    static double rssMb(long pid) throws IOException {
        String[] statm = Files.readString(Path.of("/proc", Long.toString(pid), "statm"))
                .trim()
                .split(" ");
        return Long.parseLong(statm[1]) * 4096.0 / (1024 * 1024);
    }
}
