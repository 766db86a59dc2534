package dev.cordon.scheduler.internal.monitor;

/**
 * The fields of {@code /proc/<pid>/stat} the monitor needs. Times are in clock ticks ({@code USER_HZ}).
 *
 * @param pid the process
 * @param ppid its parent
 * @param utime user time of the process
 * @param stime system time of the process
 * @param cutime user time of its children that it has waited for
 * @param cstime system time of its children that it has waited for
 * @param startTime when it started, in ticks after boot; with the pid, it identifies one process even when the
 *     kernel reuses the pid
 */
record ProcStat(long pid, long ppid, long utime, long stime, long cutime, long cstime, long startTime) {

    /** CPU time of the process and of its reaped children, in ticks. */
    long cpuTicks() {
        return utime + stime + cutime + cstime;
    }

    /**
     * Parses one {@code /proc/<pid>/stat} line. The command name in parentheses may itself hold spaces and
     * parentheses, so fields are counted after the last {@code ')'}.
     *
     * @throws IllegalArgumentException if the line is not in that format
     */
    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: '" + line.trim() + "'");
        }
        // After ')': state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17) ... starttime(22)
        String[] f = line.substring(close + 2).trim().split("\\s+");
        try {
            long pid = Long.parseLong(line.substring(0, open).trim());
            return new ProcStat(
                    pid,
                    Long.parseLong(f[1]),
                    Long.parseLong(f[11]),
                    Long.parseLong(f[12]),
                    Long.parseLong(f[13]),
                    Long.parseLong(f[14]),
                    Long.parseLong(f[19]));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: '" + line.trim() + "'", e);
        }
    }
}
