package dev.cordon.scheduler.internal.monitor;

/** Reads the resident set size out of {@code /proc/<pid>/status}. */
final class ProcStatus {

    private ProcStatus() {}

    /**
     * The {@code VmRSS} value in kB; 0 when the line is absent, as it is for kernel threads and zombies, which
     * hold no user memory.
     */
    static long rssKb(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring("VmRSS:".length()).trim().split("\\s+");
                try {
                    return Long.parseLong(f[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "VmRSS in /proc/<pid>/status is not a number: '" + line + "'", e);
                }
            }
        }
        return 0;
    }
}
