package dev.cordon.worker.internal;

/**
 * Formats an instant as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC for the worker's log, by arithmetic rather than
 * through java.time's formatter, whose first use costs a worker several milliseconds of class loading at start.
 */
final class UtcStamp {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private UtcStamp() {}

    /** The stamp of {@code epochMillis}, for years 0 to 9999. */
    static String format(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        long ms = Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil, inverted).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        char[] out = new char[24];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, ms / 3_600_000, 2);
        out[13] = ':';
        put(out, 14, ms / 60_000 % 60, 2);
        out[16] = ':';
        put(out, 17, ms / 1000 % 60, 2);
        out[19] = '.';
        put(out, 20, ms % 1000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, long value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
