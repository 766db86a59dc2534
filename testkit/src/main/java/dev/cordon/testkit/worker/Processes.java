package dev.cordon.testkit.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The state of a process the suite started, read from {@code /proc}. */
public final class Processes {

    private Processes() {}

    /** Whether the process has exited: gone, or a zombie waiting to be reaped (it runs no more either way). */
    public static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }
}
