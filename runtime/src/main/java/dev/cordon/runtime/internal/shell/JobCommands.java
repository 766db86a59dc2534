package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cordon:submit|jobs|job|reorder|wait|joblogs}: the job queue from the shell. {@code cordon:cancel} takes a
 * job id too (see {@link CallCommands}); {@code cordon:events} is {@link JobEventsCommand}.
 */
@Component(
        service = ShellCommands.class,
        property = {
            ShellCommands.FUNCTIONS + "=submit",
            ShellCommands.FUNCTIONS + "=jobs",
            ShellCommands.FUNCTIONS + "=job",
            ShellCommands.FUNCTIONS + "=reorder",
            ShellCommands.FUNCTIONS + "=wait",
            ShellCommands.FUNCTIONS + "=joblogs"
        })
public final class JobCommands implements ShellCommands {

    private final JobQueue queue;

    @Activate
    public JobCommands(@Reference JobQueue queue) {
        this.queue = queue;
    }

    @Descriptor("queue a call on an instance (a plugin name runs its default instance); prints the job")
    public String submit(
            CommandSession session,
            @Descriptor("higher runs first; equal priorities run in submission order")
                    @Parameter(names = "--priority", absentValue = "0")
                    int priority,
            @Descriptor("the lane to run in") @Parameter(names = "--lane", absentValue = Job.DEFAULT_LANE) String lane,
            @Descriptor("run id sent with the job's call; the worker stamps the call's log lines with it")
                    @Parameter(names = "--run", absentValue = "")
                    String run,
            @Descriptor("who asks for the job; sent with its call like --run")
                    @Parameter(names = "--actor", absentValue = "")
                    String actor,
            @Descriptor("wait for the job to end and print it then")
                    @Parameter(names = "--wait", presentValue = "true", absentValue = "false")
                    boolean await,
            @Descriptor("with --wait: the longest wait in seconds") @Parameter(names = "--timeout", absentValue = "300")
                    long timeoutSeconds,
            @Descriptor("instance id") String id,
            @Descriptor("keyword arguments as one JSON object, e.g. '{\"text\":\"hi\"}'") String... kwargs) {
        boolean json = JsonOption.requested(session);
        Call call = Call.kwargs(CommandArgs.object(String.join(" ", kwargs), "arguments"))
                .withContext(CommandArgs.context(run, actor));
        Job job = queue.submit(id, call, priority, lane);
        if (await) {
            job = await(job.id(), timeoutSeconds);
        }
        return json ? Json.write(JobJson.map(job)) : JobJson.line(job);
    }

    @Descriptor("list the queue's jobs: running, pending (in run order), then the most recent finished ones")
    public String jobs(
            CommandSession session,
            @Descriptor("only jobs in this state: pending, running, completed, failed or cancelled")
                    @Parameter(names = "--state", absentValue = "")
                    String state,
            @Descriptor("only jobs of this plugin instance") @Parameter(names = "--plugin", absentValue = "")
                    String plugin,
            @Descriptor("at most this many jobs of each state") @Parameter(names = "--limit", absentValue = "100")
                    int limit) {
        boolean json = JsonOption.requested(session);
        List<Job> jobs = new ArrayList<>();
        List<JobStatus> states = state.isEmpty() ? List.of(JobStatus.values()) : List.of(status(state));
        for (JobStatus s : states) {
            jobs.addAll(queue.jobs(s, 0, limit));
        }
        if (!plugin.isEmpty()) {
            jobs.removeIf(j -> !j.pluginInstanceId().equals(plugin));
        }
        if (json) {
            return Json.write(jobs.stream().map(JobJson::map).toList());
        }
        if (jobs.isEmpty()) {
            return "no jobs";
        }
        StringBuilder out = new StringBuilder();
        jobs.forEach(j -> out.append(JobJson.line(j)).append('\n'));
        return out.toString().stripTrailing();
    }

    @Descriptor("show one job: its state, result or error, progress and cancel phase")
    public String job(CommandSession session, @Descriptor("job id") String id) {
        boolean json = JsonOption.requested(session);
        Job job = queue.job(id).orElseThrow(() -> unknown(id));
        return json ? Json.write(JobJson.map(job)) : JobJson.line(job);
    }

    @Descriptor("give a pending job another priority")
    public String reorder(
            CommandSession session, @Descriptor("job id") String id, @Descriptor("its new priority") int priority) {
        boolean json = JsonOption.requested(session);
        boolean changed = queue.reorder(id, priority);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("job_id", id);
            out.put("reordered", changed);
            out.put("priority", priority);
            return Json.write(out);
        }
        return changed ? "job " + id + " now has priority " + priority : "not reordered: job " + id + " is not pending";
    }

    @Descriptor("wait for a job (or, with --all, every pending and running job) to end; prints it")
    public String wait(
            CommandSession session,
            @Descriptor("wait for every pending and running job")
                    @Parameter(names = "--all", presentValue = "true", absentValue = "false")
                    boolean all,
            @Descriptor("the longest wait in seconds") @Parameter(names = "--timeout", absentValue = "300")
                    long timeoutSeconds,
            @Descriptor("job ids") String... ids) {
        boolean json = JsonOption.requested(session);
        List<String> wanted = new ArrayList<>(List.of(ids));
        if (all) {
            queue.running().forEach(j -> wanted.add(j.id()));
            queue.pending().forEach(j -> wanted.add(j.id()));
        }
        if (wanted.isEmpty()) {
            throw new PluginInputError("Name a job id to wait for, or give --all", List.of("id"), null);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<Job> ended = new ArrayList<>();
        for (String id : wanted) {
            long left = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            ended.add(await(id, left));
        }
        if (json) {
            return Json.write(
                    all || ended.size() > 1 ? ended.stream().map(JobJson::map).toList() : JobJson.map(ended.get(0)));
        }
        StringBuilder out = new StringBuilder();
        ended.forEach(j -> out.append(JobJson.line(j)).append('\n'));
        return out.toString().stripTrailing();
    }

    @Descriptor("show the lines of a job's instance log written for that job")
    public String joblogs(
            CommandSession session,
            @Descriptor("at most this many lines") @Parameter(names = "--lines", absentValue = "200") int lines,
            @Descriptor("job id") String id) {
        boolean json = JsonOption.requested(session);
        List<String> out = queue.logs(id, lines);
        if (json) {
            return Json.write(out);
        }
        return out.isEmpty() ? "no log lines carry job " + id : String.join("\n", out);
    }

    private Job await(String id, long timeoutSeconds) {
        CompletableFuture<Job> done = queue.completion(id);
        try {
            return done.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new PluginTransientError("Job " + id + " did not end within " + timeoutSeconds
                    + " s; it keeps running: cordon:job " + id + " shows it, cordon:cancel " + id + " stops it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginTransientError("Stopped waiting for job " + id + "; it keeps running: cordon:job " + id);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    static PluginInputError unknown(String id) {
        return new PluginInputError(
                "No job has the id '" + id + "'; cordon:jobs lists the queue's jobs", List.of("id"), null);
    }

    private static JobStatus status(String state) {
        try {
            return JobStatus.fromWire(state);
        } catch (IllegalArgumentException e) {
            throw new PluginInputError(e.getMessage(), List.of("state"), null);
        }
    }
}
