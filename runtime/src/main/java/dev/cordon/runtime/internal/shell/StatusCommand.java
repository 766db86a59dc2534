package dev.cordon.runtime.internal.shell;

import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.RuntimeInfo;
import dev.cordon.runtime.internal.jobs.ClusterView;
import dev.cordon.runtime.internal.journal.JournalComponent;
import dev.cordon.runtime.internal.journal.JournalStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code cordon:status}: bundle states, components, the data folder, the journal's written and dropped records, and
 * whether the queue runs in a cluster. */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=status"})
public final class StatusCommand implements ShellCommands {

    private final RuntimeInfo info;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile JournalComponent journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile JobQueue queue;

    /**
     * The queue's cluster view. It is not a service of its own: a service registered under an internal interface
     * is invisible to an embedding application whose class path holds another copy of that interface.
     */
    private ClusterView cluster() {
        return queue instanceof ClusterView v ? v : null;
    }

    @Activate
    public StatusCommand(@Reference RuntimeInfo info) {
        this.info = info;
    }

    @Descriptor("show Cordon's home, data folder, bundles and components")
    public String status(CommandSession session) {
        boolean json = JsonOption.requested(session);
        var bundles = info.bundles();
        var components = info.components();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", info.version());
            out.put("pid", info.pid());
            out.put("home", info.home().toString());
            out.put("data", info.dataDir().toString());
            out.put("bundles", bundles);
            out.put("components", components);
            JournalComponent j = journal;
            out.put("journal", j == null ? null : Map.of("enabled", j.enabled(), "stats", j.stats()));
            ClusterView c = cluster();
            if (c != null && c.clusterMode()) {
                Map<String, Object> section = new LinkedHashMap<>();
                section.put("host_id", c.hostId());
                section.put("refused", c.refusal().orElse(null));
                out.put("cluster", section);
            }
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Cordon ").append(info.version()).append('\n');
        sb.append("home: ").append(info.home()).append('\n');
        sb.append("pid: ").append(info.pid()).append('\n');
        sb.append("data: ").append(info.dataDir()).append('\n');
        long active = bundles.stream().filter(b -> b.state().equals("ACTIVE")).count();
        sb.append("bundles: ")
                .append(active)
                .append(" of ")
                .append(bundles.size())
                .append(" active\n");
        for (var b : bundles) {
            sb.append(String.format("  %4d %-12s %s %s%n", b.id(), b.state(), b.symbolicName(), b.version()));
        }
        ClusterView view = cluster();
        if (view != null && view.clusterMode()) {
            sb.append("cluster: host ")
                    .append(view.hostId())
                    .append(view.refusal().map(r -> " REFUSED: " + r).orElse(" (cordon:cluster lists the hosts)"))
                    .append('\n');
        }
        sb.append("components: ").append(components.size()).append('\n');
        for (var c : components) {
            sb.append(String.format("  %-26s %s (%s)%n", c.state(), c.name(), c.bundle()));
        }
        JournalComponent j = journal;
        if (j != null) {
            JournalStats s = j.stats();
            sb.append(String.format(
                    "journal: %s, %d written, %d dropped, %d of %d queued%s%n",
                    j.enabled() ? "on" : "off",
                    s.written(),
                    s.dropped(),
                    s.queued(),
                    s.capacity(),
                    s.storeBound() ? "" : ", no journal store bound"));
        }
        return sb.toString().stripTrailing();
    }
}
