package dev.cordon.protocol;

import dev.cordon.api.host.CallContext;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The optional request headers that tell a worker who a call is made for ({@link CallContext}): sent with
 * {@code /execute} and {@code /execute_stream} when set, never otherwise. A worker that does not know them ignores
 * them, as HTTP asks; Cordon's workers stamp the call's log lines with them ({@link LogStamp}) and refuse a malformed
 * value with 400 and a {@code user_input} JobError.
 */
public enum CallHeader {
    JOB_ID("X-Cordon-Job-Id", "job"),
    RUN_ID("X-Cordon-Run-Id", "run"),
    ACTOR("X-Cordon-Actor", "actor");

    /** The longest value a header may carry. */
    public static final int MAX_LENGTH = 200;

    private static final CallHeader[] ALL = values();

    private final String header;
    private final String field;

    CallHeader(String header, String field) {
        this.header = header;
        this.field = field;
    }

    /** The header's name on the wire, for example {@code X-Cordon-Job-Id}. */
    public String header() {
        return header;
    }

    /** The name of the field that carries the value in a stamped log line, for example {@code job}. */
    public String field() {
        return field;
    }

    /** This header's value in {@code context}. */
    public Optional<String> in(CallContext context) {
        return switch (this) {
            case JOB_ID -> context.jobId();
            case RUN_ID -> context.runId();
            case ACTOR -> context.actor();
        };
    }

    /**
     * Why {@code value} cannot be this header's value, or {@code null} when it can: 1 to {@value #MAX_LENGTH}
     * printable ASCII characters (space to tilde), not all spaces.
     */
    public String problem(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_LENGTH) {
            return header + " must be 1 to " + MAX_LENGTH + " characters long, got " + length;
        }
        boolean blank = true;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return header + " must be printable ASCII; character " + (i + 1) + " is U+"
                        + String.format("%04X", (int) c);
            }
            blank &= c == ' ';
        }
        return blank ? header + " must not be blank" : null;
    }

    /**
     * The log stamp of the call whose headers {@code lookup} gives (a missing header reads as {@code null}): the
     * empty string when none is present.
     *
     * @throws CallHeaderException naming the header when a value is malformed
     */
    public static String stampOf(UnaryOperator<String> lookup) {
        String job = null;
        String run = null;
        String actor = null;
        for (CallHeader h : ALL) {
            String value = lookup.apply(h.header);
            if (value == null) {
                continue;
            }
            String problem = h.problem(value);
            if (problem != null) {
                throw new CallHeaderException(h, problem);
            }
            switch (h) {
                case JOB_ID -> job = value;
                case RUN_ID -> run = value;
                case ACTOR -> actor = value;
            }
        }
        return LogStamp.of(job, run, actor);
    }
}
