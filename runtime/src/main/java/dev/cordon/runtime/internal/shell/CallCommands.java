package dev.cordon.runtime.internal.shell;

import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code cordon:progress|cancel}: what the running call of an instance reports, and asking it to stop. {@code cancel}
 * takes a job id as well: an id the job queue knows cancels that job (pending or running); any other id is an
 * instance's.
 */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=progress", ShellCommands.FUNCTIONS + "=cancel"})
public final class CallCommands implements ShellCommands {

    private final PluginManager manager;

    /** Optional: without a job queue, every id is an instance's. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile JobQueue jobs;

    @Activate
    public CallCommands(@Reference PluginManager manager) {
        this.manager = manager;
    }

    @Descriptor("show what the running (or last) call of an instance reported: a fraction and a message")
    public String progress(CommandSession session, @Descriptor("instance id") String id) {
        boolean json = JsonOption.requested(session);
        CallProgress p = manager.progress(id);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("instance_id", id);
            out.put("progress", p.fraction());
            out.put("message", p.message());
            return Json.write(out);
        }
        String fraction = p.fraction() < 0 ? "indeterminate" : String.format("%.0f%%", p.fraction() * 100);
        return id + ": " + fraction + (p.message().isEmpty() ? "" : " " + p.message());
    }

    @Descriptor("cancel a queued job, or ask the call running on an instance to stop at its next check")
    public String cancel(CommandSession session, @Descriptor("job id or instance id") String id) {
        boolean json = JsonOption.requested(session);
        JobQueue queue = jobs;
        Optional<Job> job = queue == null ? Optional.empty() : queue.job(id);
        if (job.isPresent()) {
            return cancelJob(queue, job.get(), json);
        }
        boolean taken = manager.cancel(id);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("instance_id", id);
            out.put("cancel_requested", taken);
            return Json.write(out);
        }
        return taken
                ? "cancel requested: " + id
                : "not taken: the plugin of " + id + " does not support cancellation (see its worker log)";
    }

    private static String cancelJob(JobQueue queue, Job job, boolean json) {
        boolean cancelled = queue.cancel(job.id());
        Job now = queue.job(job.id()).orElse(job);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("job_id", job.id());
            out.put("cancel_requested", cancelled);
            out.put("status", now.status().wire());
            out.put("cancel_phase", now.cancelPhase().map(p -> p.wire()).orElse(null));
            return Json.write(out);
        }
        return cancelled
                ? "cancel requested: job " + job.id() + " (" + now.status().wire()
                        + now.cancelPhase().map(p -> ", phase " + p.wire()).orElse("") + ")"
                : "not cancelled: job " + job.id() + " is " + now.status().wire();
    }
}
