package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queue's settings as one immutable value (see {@link JobQueueConfiguration} for each).
 *
 * @param lanes the limit of each lane; always has {@link Job#DEFAULT_LANE}
 */
record QueueSettings(
        int maxRunning,
        Map<String, Integer> lanes,
        int historyLimit,
        Duration dispatchPoll,
        Duration progressPoll,
        int snapshotEvery,
        Duration cancelTimeout,
        Duration lease,
        String hostId) {

    QueueSettings {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("max_running must be at least 1, got " + maxRunning + "; set it in etc/"
                    + JobQueueConfiguration.PID + ".cfg");
        }
        lanes = Collections.unmodifiableMap(new LinkedHashMap<>(lanes));
        if (!lanes.containsKey(Job.DEFAULT_LANE)) {
            throw new IllegalArgumentException("The lanes must include '" + Job.DEFAULT_LANE + "'");
        }
        if (hostId == null || hostId.isBlank()) {
            throw new IllegalArgumentException(
                    "host_id must not be blank; set it in etc/" + JobQueueConfiguration.PID + ".cfg");
        }
    }

    /** The defaults of {@link JobQueueConfiguration}. */
    static QueueSettings defaults() {
        return new QueueSettings(
                1,
                Map.of(Job.DEFAULT_LANE, 1),
                10_000,
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                10,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                "local");
    }

    /**
     * The settings a configuration gives.
     *
     * @throws IllegalArgumentException naming the setting that is wrong and how to write it
     */
    static QueueSettings from(JobQueueConfiguration c) {
        return new QueueSettings(
                c.max_running(),
                lanes(c.lanes(), c.max_running()),
                Math.max(1, c.history_limit()),
                Duration.ofMillis(Math.max(10, c.dispatch_poll_ms())),
                Duration.ofMillis(Math.max(50, c.progress_poll_ms())),
                Math.max(1, c.snapshot_every_polls()),
                Duration.ofMillis(Math.max(0, c.cancel_timeout_ms())),
                Duration.ofSeconds(Math.max(2, c.lease_seconds())),
                c.cluster() && "local".equals(c.host_id()) ? ClusterMember.defaultHostId() : c.host_id());
    }

    /** {@code name=limit,...}; the default lane gets {@code maxRunning} unless named. */
    static Map<String, Integer> lanes(String text, int maxRunning) {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        lanes.put(Job.DEFAULT_LANE, maxRunning);
        if (text == null || text.isBlank()) {
            return lanes;
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split("=", 2);
            int limit;
            try {
                limit = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : -1;
            } catch (NumberFormatException e) {
                limit = -1;
            }
            String name = parts[0].trim();
            if (limit < 1 || name.isEmpty()) {
                throw new IllegalArgumentException("Lane '" + entry.trim() + "' in lanes=" + text
                        + " is not name=limit with a limit of at least 1, e.g. lanes=default=1,gpu=1");
            }
            lanes.put(name, limit);
        }
        return lanes;
    }

    /** The same settings with other lanes. */
    QueueSettings withLanes(Map<String, Integer> newLanes) {
        return new QueueSettings(
                maxRunning,
                newLanes,
                historyLimit,
                dispatchPoll,
                progressPoll,
                snapshotEvery,
                cancelTimeout,
                lease,
                hostId);
    }

    /** The same settings with another global limit. */
    QueueSettings withMaxRunning(int max) {
        Map<String, Integer> l = new LinkedHashMap<>(lanes);
        return new QueueSettings(
                max, l, historyLimit, dispatchPoll, progressPoll, snapshotEvery, cancelTimeout, lease, hostId);
    }
}
