package dev.cordon.scheduler.internal.monitor;

/**
 * The first three fields of {@code /proc/loadavg}: runnable processes averaged over 1, 5 and 15 minutes.
 */
record LoadAverage(double oneMinute, double fiveMinutes, double fifteenMinutes) {

    /**
     * Parses the text of {@code /proc/loadavg}, for example {@code 0.05 0.14 0.06 1/86 3907}.
     *
     * @throws IllegalArgumentException if it does not start with three numbers
     */
    static LoadAverage parse(String text) {
        String[] f = text.trim().split("\\s+");
        try {
            return new LoadAverage(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(
                    "/proc/loadavg does not start with three numbers: '" + text.trim() + "'", e);
        }
    }
}
