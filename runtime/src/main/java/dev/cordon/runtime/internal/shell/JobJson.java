package dev.cordon.runtime.internal.shell;

import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.protocol.JobErrorJson;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.jobs.events.JobEventWire;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Jobs and job events in their wire form (the original's keys), and as one line of text. */
final class JobJson {

    private JobJson() {}

    static Map<String, Object> map(Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("plugin_instance_id", job.pluginInstanceId());
        m.put("args", job.args());
        m.put("kwargs", job.kwargs());
        m.put("status", job.status().wire());
        m.put("priority", job.priority());
        m.put("lane", job.lane());
        m.put("submitted_at", job.submittedAt().toString());
        m.put("started_at", text(job.startedAt()));
        m.put("completed_at", text(job.completedAt()));
        m.put("progress", job.progress());
        m.put("status_message", job.statusMessage());
        m.put("result", job.result().orElse(null));
        m.put("error", job.error().map(JobErrorJson::toMap).orElse(null));
        m.put("sequence_id", job.sequenceId().orElse(null));
        m.put(
                "sequence_index",
                job.sequenceIndex().isPresent() ? job.sequenceIndex().getAsInt() : null);
        m.put("cancel_requested_at", text(job.cancelRequestedAt()));
        m.put("cancel_phase", job.cancelPhase().map(CancelPhase::wire).orElse(null));
        m.put("block_reason", job.blockReason().orElse(null));
        m.put("retry_count", job.retryCount());
        m.put("last_resource_snapshot", job.lastResourceSnapshot().orElse(null));
        m.put("run_id", job.runId().orElse(null));
        m.put("actor", job.actor().orElse(null));
        return m;
    }

    static Map<String, Object> map(JobEvent event) {
        return JobEventWire.map(event);
    }

    /** {@code <id> <status> <instance> ...}: one job on one line. */
    static String line(Job job) {
        StringBuilder b = new StringBuilder()
                .append(job.id())
                .append("  ")
                .append(String.format("%-9s", job.status().wire()))
                .append(' ')
                .append(job.pluginInstanceId())
                .append("  priority ")
                .append(job.priority());
        if (!job.lane().equals(Job.DEFAULT_LANE)) {
            b.append("  lane ").append(job.lane());
        }
        job.cancelPhase().ifPresent(p -> b.append("  cancel ").append(p.wire()));
        job.blockReason().ifPresent(r -> b.append("  blocked: ").append(r));
        job.result().ifPresent(r -> b.append("  result ").append(abbreviated(PlainJson.compact(r))));
        job.error()
                .ifPresent(e -> b.append("  error ")
                        .append(e.category().wire())
                        .append(": ")
                        .append(abbreviated(e.message())));
        return b.toString();
    }

    /** {@code <time> <type> <job> <payload>}: one event on one line. */
    static String line(JobEvent event) {
        return event.timestamp() + " " + event.type().wire() + " " + event.jobId() + " "
                + PlainJson.compact(event.payload());
    }

    private static String abbreviated(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }

    private static String text(Optional<Instant> value) {
        return value.map(Instant::toString).orElse(null);
    }
}
