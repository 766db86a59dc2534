package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.runtime.internal.journal.JournalComponent;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumSet;
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
 * {@code cordon:journal}: the journal's records, filtered by instance, plugin, job, run, actor, kind and time, a page
 * at a time; {@code --follow} then prints new records as they are written until interrupted or the timeout. With
 * {@code --job} (not following) it tells the job's story: its records and its worker's records while it ran
 * ({@link JournalComponent#story}).
 */
@Component(service = ShellCommands.class, property = ShellCommands.FUNCTIONS + "=journal")
public final class JournalCommand implements ShellCommands {

    private static final String NONE = "";
    private static final long FOLLOW_POLL_MS = 250;

    private final JournalComponent journal;

    @Activate
    public JournalCommand(@Reference JournalComponent journal) {
        this.journal = journal;
    }

    @Descriptor("print the journal: what the runtime did (workers, admission, config, secrets by name, plugins, jobs)")
    public String journal(
            CommandSession session,
            @Descriptor("records of this instance") @Parameter(names = "--instance", absentValue = NONE)
                    String instance,
            @Descriptor("records of this plugin") @Parameter(names = "--plugin", absentValue = NONE) String plugin,
            @Descriptor("records of this job") @Parameter(names = "--job", absentValue = NONE) String job,
            @Descriptor("records of this run id") @Parameter(names = "--run", absentValue = NONE) String run,
            @Descriptor("records of this actor") @Parameter(names = "--actor", absentValue = NONE) String actor,
            @Descriptor("kinds, comma-separated (worker_spawned, job_transition, ...)")
                    @Parameter(names = "--kind", absentValue = NONE)
                    String kinds,
            @Descriptor("records since an age (10m, 2h, 1d) or an instant")
                    @Parameter(names = "--since", absentValue = NONE)
                    String since,
            @Descriptor("records before an age or an instant") @Parameter(names = "--until", absentValue = NONE)
                    String until,
            @Descriptor("records after this position (paging)") @Parameter(names = "--after", absentValue = "0")
                    long after,
            @Descriptor("the most records to print") @Parameter(names = "--limit", absentValue = "1000") int limit,
            @Descriptor("keep printing new records until interrupted")
                    @Parameter(names = "--follow", presentValue = "true", absentValue = "false")
                    boolean follow,
            @Descriptor("with --follow, stop after this many seconds; 0 follows until interrupted")
                    @Parameter(names = "--timeout", absentValue = "0")
                    long timeoutSeconds) {
        boolean json = JsonOption.requested(session);
        JournalQuery query;
        try {
            query = JournalQuery.all()
                    .withInstance(blankToNull(instance))
                    .withPlugin(blankToNull(plugin))
                    .withJob(blankToNull(job))
                    .withRun(blankToNull(run))
                    .withActor(blankToNull(actor))
                    .withKinds(kinds(kinds))
                    .withFrom(TimeArgs.instant(since, "--since"))
                    .withUntil(TimeArgs.instant(until, "--until"))
                    .withAfterSeq(after)
                    .withLimit(limit);
        } catch (IllegalArgumentException e) {
            throw new PluginInputError(e.getMessage(), List.of("--limit", "--after"), null);
        }
        List<JournalEntry> page = query.jobId() != null && !follow
                ? journal.story(query).orElseThrow(JournalCommand::noStore)
                : read(query);
        if (!follow) {
            return json
                    ? Json.write(page.stream().map(JournalCommand::map).toList())
                    : page.isEmpty() ? "no journal records match" : String.join("\n", lines(page));
        }
        PrintStream out = session.getConsole();
        long deadline =
                timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
        long shown = 0;
        try {
            while (true) {
                for (JournalEntry e : page) {
                    out.println(json ? Json.compact(map(e)) : line(e));
                    query = query.withAfterSeq(e.seq());
                    shown++;
                }
                if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                    break;
                }
                Thread.sleep(FOLLOW_POLL_MS);
                page = read(query);
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
        return shown + " record(s)";
    }

    private List<JournalEntry> read(JournalQuery query) {
        return journal.query(query).orElseThrow(JournalCommand::noStore);
    }

    private static PluginTransientError noStore() {
        return new PluginTransientError("No journal store is available; check that the dev.cordon.store.sqlite"
                + " bundle (or another store) is active (cordon:status)");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Set<JournalKind> kinds(String text) {
        if (text.isBlank()) {
            return Set.of();
        }
        Set<JournalKind> out = EnumSet.noneOf(JournalKind.class);
        for (String k : text.split(",")) {
            try {
                out.add(JournalKind.valueOf(k.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new PluginInputError(
                        "Unknown journal kind '" + k.trim() + "'; use "
                                + Arrays.stream(JournalKind.values())
                                        .map(x -> x.name().toLowerCase(Locale.ROOT))
                                        .toList(),
                        List.of("--kind"),
                        null);
            }
        }
        return out;
    }

    /** A record as JSON: position, time, kind in lower case, the ids, and its detail. */
    static Map<String, Object> map(JournalEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("time", e.record().time().toString());
        m.put("kind", e.record().kind().name().toLowerCase(Locale.ROOT));
        m.put("instance_id", e.record().instanceId());
        m.put("plugin", e.record().plugin());
        m.put("job_id", e.record().jobId());
        m.put("run_id", e.record().runId());
        m.put("actor", e.record().actor());
        m.put("detail", e.record().detail());
        return m;
    }

    private static List<String> lines(List<JournalEntry> page) {
        return page.stream().map(JournalCommand::line).toList();
    }

    private static String line(JournalEntry e) {
        var r = e.record();
        StringBuilder sb = new StringBuilder()
                .append(e.seq())
                .append(' ')
                .append(r.time())
                .append(' ')
                .append(r.kind().name().toLowerCase(Locale.ROOT));
        if (r.instanceId() != null) {
            sb.append(" instance=").append(r.instanceId());
        } else if (r.plugin() != null) {
            sb.append(" plugin=").append(r.plugin());
        }
        if (r.jobId() != null) {
            sb.append(" job=").append(r.jobId());
        }
        r.detail().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
