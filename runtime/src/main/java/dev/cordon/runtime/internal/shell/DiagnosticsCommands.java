package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogLevel;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogUsage;
import dev.cordon.runtime.internal.diagnostics.DiagnosticsComponent;
import dev.cordon.runtime.internal.diagnostics.RetentionPolicy;
import dev.cordon.runtime.internal.manager.PluginOperations;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cordon:logs|retention}: worker log lines, either the tail of an instance's log file or, with a filter
 * ({@code --job}, {@code --run}, {@code --since}, {@code --level}) or {@code --follow}, from the diagnostics store;
 * and the retention policy of that store, shown and applied.
 */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=logs", ShellCommands.FUNCTIONS + "=retention"})
public final class DiagnosticsCommands implements ShellCommands {

    private static final String NONE = "";
    private static final long FOLLOW_POLL_MS = 250;

    private final PluginOperations host;
    private final DiagnosticsComponent diagnostics;

    @Activate
    public DiagnosticsCommands(@Reference PluginOperations host, @Reference DiagnosticsComponent diagnostics) {
        this.host = host;
        this.diagnostics = diagnostics;
    }

    @Descriptor("print worker log lines: an instance's last lines, or with --job/--run/--since/--level/--follow the"
            + " matching lines of every worker from the diagnostics store")
    public String logs(
            CommandSession session,
            @Descriptor("how many lines, at most 10000") @Parameter(names = "--lines", absentValue = "50") int lines,
            @Descriptor("lines stamped with this job id") @Parameter(names = "--job", absentValue = NONE) String job,
            @Descriptor("lines stamped with this run id") @Parameter(names = "--run", absentValue = NONE) String run,
            @Descriptor("lines since an age (10m, 2h, 1d) or an instant")
                    @Parameter(names = "--since", absentValue = NONE)
                    String since,
            @Descriptor("lines of this level and above (trace, debug, info, warn, error), or output for raw output")
                    @Parameter(names = "--level", absentValue = NONE)
                    String level,
            @Descriptor("keep printing new lines until interrupted")
                    @Parameter(names = "--follow", presentValue = "true", absentValue = "false")
                    boolean follow,
            @Descriptor("with --follow, stop after this many seconds; 0 follows until interrupted")
                    @Parameter(names = "--timeout", absentValue = "0")
                    long timeoutSeconds,
            @Descriptor("instance id; optional with a filter") String... ids) {
        boolean json = JsonOption.requested(session);
        if (ids.length > 1) {
            throw new PluginInputError("Name at most one instance id, got " + List.of(ids), List.of("id"), null);
        }
        String id = ids.length == 1 ? ids[0] : null;
        boolean filtered = !job.isBlank() || !run.isBlank() || !since.isBlank() || !level.isBlank();
        if (!filtered && !follow) {
            if (id == null) {
                throw new PluginInputError(
                        "Name an instance id, or filter with --job, --run, --since or --level", List.of("id"), null);
            }
            List<String> tail = host.logs(id, lines);
            return json ? Json.write(tail) : String.join("\n", tail);
        }
        if (lines < 1 || lines > 10_000) {
            throw new PluginInputError("--lines must be between 1 and 10000, got " + lines, List.of("--lines"), null);
        }
        LogQuery query = LogQuery.all()
                .withInstance(id)
                .withJob(job.isBlank() ? null : job.trim())
                .withRun(run.isBlank() ? null : run.trim())
                .withFrom(TimeArgs.instant(since, "--since"))
                .withLevels(levels(level))
                .withLimit(lines);
        diagnostics.catchUp();
        List<LogEntry> page = read(query);
        if (!follow) {
            return json
                    ? Json.write(page.stream().map(DiagnosticsCommands::map).toList())
                    : page.stream()
                            .map(e -> e.record().line())
                            .reduce((a, b) -> a + "\n" + b)
                            .orElse("");
        }
        PrintStream out = session.getConsole();
        long deadline =
                timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
        long shown = 0;
        try {
            while (true) {
                for (LogEntry e : page) {
                    out.println(json ? Json.compact(map(e)) : e.record().line());
                    query = query.withAfterSeq(e.seq());
                    shown++;
                }
                if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                    break;
                }
                Thread.sleep(FOLLOW_POLL_MS);
                diagnostics.catchUp();
                page = read(query);
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
        return shown + " line(s)";
    }

    @Descriptor("show the log retention policy and what each plugin's lines take; --apply applies it now")
    public String retention(
            CommandSession session,
            @Descriptor("apply the policy now and print what it deleted")
                    @Parameter(names = "--apply", presentValue = "true", absentValue = "false")
                    boolean apply) {
        boolean json = JsonOption.requested(session);
        RetentionPolicy policy = diagnostics.policy();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_age_seconds", policy.maxAge().toSeconds());
        out.put("max_bytes_per_plugin", policy.maxBytesPerPlugin());
        out.put("plugin_limits", policy.pluginLimits());
        out.put("interval_seconds", policy.interval().toSeconds());
        if (apply) {
            RetentionPolicy.Outcome outcome = diagnostics.applyRetention().orElseThrow(DiagnosticsCommands::noStore);
            out.put("deleted_by_age", outcome.byAge());
            out.put("deleted_by_size", outcome.bySize());
        }
        Map<String, LogUsage> usage = diagnostics.usage().orElseThrow(DiagnosticsCommands::noStore);
        Map<String, Object> plugins = new LinkedHashMap<>();
        usage.forEach((p, u) ->
                plugins.put(p, Map.of("lines", u.lines(), "bytes", u.bytes(), "limit_bytes", policy.limitOf(p))));
        out.put("plugins", plugins);
        long[] counts = diagnostics.counts();
        out.put("lines_copied", counts[0]);
        out.put("lines_lost", counts[1]);
        if (json) {
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "keep lines for %s, at most %s per plugin%s; applied every %s%n",
                policy.maxAge().isZero() ? "ever" : policy.maxAge(),
                policy.maxBytesPerPlugin() == 0 ? "unlimited" : policy.maxBytesPerPlugin() + " bytes",
                policy.pluginLimits().isEmpty() ? "" : " (" + policy.pluginLimits() + ")",
                policy.interval()));
        if (apply) {
            sb.append(String.format(
                    "deleted %s line(s) by age, %s by size%n", out.get("deleted_by_age"), out.get("deleted_by_size")));
        }
        usage.forEach((p, u) -> sb.append(String.format(
                "%-24s %8d lines %12d bytes (limit %s)%n",
                p, u.lines(), u.bytes(), policy.limitOf(p) == 0 ? "none" : policy.limitOf(p))));
        sb.append(String.format("lines copied %d, lost %d", counts[0], counts[1]));
        return sb.toString();
    }

    private List<LogEntry> read(LogQuery query) {
        return diagnostics.query(query).orElseThrow(DiagnosticsCommands::noStore);
    }

    private static PluginTransientError noStore() {
        return new PluginTransientError("No diagnostics store is available; check that the dev.cordon.store.sqlite"
                + " bundle (or another store) is active (cordon:status)");
    }

    private static Set<LogLevel> levels(String text) {
        if (text.isBlank()) {
            return Set.of();
        }
        try {
            return LogLevel.parse(text).andAbove();
        } catch (IllegalArgumentException e) {
            throw new PluginInputError(e.getMessage(), List.of("--level"), null);
        }
    }

    private static Map<String, Object> map(LogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("time", e.record().time().toString());
        m.put("instance_id", e.record().instanceId());
        m.put("plugin", e.record().plugin());
        m.put("level", e.record().level().name().toLowerCase(Locale.ROOT));
        m.put("job_id", e.record().jobId());
        m.put("run_id", e.record().runId());
        m.put("actor", e.record().actor());
        m.put("line", e.record().line());
        return m;
    }
}
