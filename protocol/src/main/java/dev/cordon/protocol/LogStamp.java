package dev.cordon.protocol;

/**
 * How a worker marks the log lines written during a call that carried {@link CallHeader call headers}: right after
 * the level, {@code <time> [LEVEL] [job=<id> run=<id> actor=<who>] message}, with only the fields the call had, in
 * that order. Within a value a space, {@code %} and {@code ]} are written {@code %20}, {@code %25} and {@code %5D},
 * so a field ends at the first space or {@code ]} and a reader finds a job's lines exactly ({@link #carriesJob}).
 * The Python worker writes the same form.
 */
public final class LogStamp {

    private LogStamp() {}

    /** The stamp, a trailing space included, of a call with these values ({@code null} when absent); "" for none. */
    public static String of(String jobId, String runId, String actor) {
        if (jobId == null && runId == null && actor == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(64).append('[');
        field(out, CallHeader.JOB_ID, jobId);
        field(out, CallHeader.RUN_ID, runId);
        field(out, CallHeader.ACTOR, actor);
        return out.append("] ").toString();
    }

    /**
     * Whether {@code line} is a log line stamped with job {@code jobId}: its stamp (the bracket after the level)
     * opens with that job's field. A line that merely mentions the job elsewhere does not count.
     */
    public static boolean carriesJob(String line, String jobId) {
        int level = line.indexOf("] ");
        if (level < 0) {
            return false;
        }
        String field = "[" + CallHeader.JOB_ID.field() + "=" + escape(jobId);
        int end = level + 2 + field.length();
        if (!line.startsWith(field, level + 2) || end >= line.length()) {
            return false;
        }
        char next = line.charAt(end);
        return next == ' ' || next == ']';
    }

    /** {@code value} with space, {@code %} and {@code ]} percent-encoded. */
    public static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String code = c == ' ' ? "%20" : c == '%' ? "%25" : c == ']' ? "%5D" : null;
            if (code != null && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (out != null) {
                if (code != null) {
                    out.append(code);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    private static void field(StringBuilder out, CallHeader header, String value) {
        if (value == null) {
            return;
        }
        if (out.length() > 1) {
            out.append(' ');
        }
        out.append(header.field()).append('=').append(escape(value));
    }
}
