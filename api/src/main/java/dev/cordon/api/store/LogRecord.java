package dev.cordon.api.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One line a worker wrote, as the diagnostics store keeps it: the whole line as it appears in the instance's log
 * file, with the fields read from it.
 *
 * @param time the time the line carries, else when it was read; kept to the microsecond
 * @param instanceId the instance whose worker wrote it
 * @param plugin that instance's plugin
 * @param level its level; {@link LogLevel#OUTPUT} for raw output
 * @param jobId the job stamped on it, or {@code null}
 * @param runId the run id stamped on it, or {@code null}
 * @param actor the actor stamped on it, or {@code null}
 * @param line the line, without its line break
 */
public record LogRecord(
        Instant time,
        String instanceId,
        String plugin,
        LogLevel level,
        String jobId,
        String runId,
        String actor,
        String line) {

    /** Requires time, instance, plugin, level and line. */
    public LogRecord {
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(line, "line");
    }

    /** What the line counts toward its plugin's size limit: its UTF-8 bytes. */
    public int bytes() {
        return line.getBytes(StandardCharsets.UTF_8).length;
    }
}
