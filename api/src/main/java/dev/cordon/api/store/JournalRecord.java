package dev.cordon.api.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing the runtime did, as the journal keeps it. Absent ids are {@code null}; detail values are plain text and
 * never carry a secret value (secrets appear by name only).
 *
 * @param time when it happened, kept to the microsecond
 * @param kind what happened
 * @param instanceId the plugin instance it concerns, or {@code null}
 * @param plugin the plugin it concerns, or {@code null}
 * @param jobId the job it belongs to, or {@code null}
 * @param runId the caller's run id of that job, or {@code null}
 * @param actor who asked for that job, or {@code null}
 * @param detail the kind's fields ({@link JournalKind} names them), sorted by key
 */
public record JournalRecord(
        Instant time,
        JournalKind kind,
        String instanceId,
        String plugin,
        String jobId,
        String runId,
        String actor,
        Map<String, String> detail) {

    /** Requires time and kind; a {@code null} detail reads as empty; {@code null} detail values are left out. */
    public JournalRecord {
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(kind, "kind");
        TreeMap<String, String> sorted = new TreeMap<>();
        if (detail != null) {
            detail.forEach((k, v) -> {
                if (k != null && v != null) {
                    sorted.put(k, v);
                }
            });
        }
        detail = java.util.Collections.unmodifiableSortedMap(sorted);
    }

    /** A record about an instance of a plugin, with no job. */
    public static JournalRecord of(JournalKind kind, String instanceId, String plugin, Map<String, String> detail) {
        return new JournalRecord(Instant.now(), kind, instanceId, plugin, null, null, null, detail);
    }
}
