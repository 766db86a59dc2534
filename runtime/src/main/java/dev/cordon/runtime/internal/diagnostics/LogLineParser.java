package dev.cordon.runtime.internal.diagnostics;

import dev.cordon.api.store.LogLevel;
import dev.cordon.api.store.LogRecord;
import dev.cordon.protocol.CallHeader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one line of a worker log: both workers write {@code <UTC ISO-8601> [LEVEL] [job=… run=… actor=…] message},
 * the stamp present only during a call that carried ids (see {@code LogStamp}). A line in any other shape is raw
 * output (a plugin's print, an interpreter's traceback) and is kept whole as {@link LogLevel#OUTPUT}.
 */
final class LogLineParser {

    /** The longest line kept; the rest of a longer one is cut off. */
    static final int MAX_CHARS = 16_384;

    private static final Pattern LINE = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z) \\[([A-Za-z]+)\\] (?:\\[([^\\]]*)\\] )?");

    private LogLineParser() {}

    /** The record of {@code line} from {@code instanceId}'s log; {@code readAt} when the line carries no time. */
    static LogRecord parse(String line, String instanceId, String plugin, Instant readAt) {
        String text = line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
        Matcher m = LINE.matcher(text);
        if (!m.lookingAt()) {
            return new LogRecord(readAt, instanceId, plugin, LogLevel.OUTPUT, null, null, null, text);
        }
        Instant time;
        LogLevel level;
        try {
            time = Instant.parse(m.group(1));
            level = LogLevel.parse(m.group(2));
        } catch (DateTimeParseException | IllegalArgumentException notOurs) {
            return new LogRecord(readAt, instanceId, plugin, LogLevel.OUTPUT, null, null, null, text);
        }
        String job = null;
        String run = null;
        String actor = null;
        if (m.group(3) != null) {
            for (String field : m.group(3).split(" ")) {
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = field.substring(0, eq);
                String value = unescape(field.substring(eq + 1));
                if (key.equals(CallHeader.JOB_ID.field())) {
                    job = value;
                } else if (key.equals(CallHeader.RUN_ID.field())) {
                    run = value;
                } else if (key.equals(CallHeader.ACTOR.field())) {
                    actor = value;
                }
            }
        }
        return new LogRecord(time, instanceId, plugin, level, job, run, actor, text);
    }

    /** Undoes the stamp's percent-encoding of space, {@code %} and {@code ]}. */
    private static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }
}
